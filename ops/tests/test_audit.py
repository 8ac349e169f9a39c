"""`make audit`'s verdict: vulnerabilities fail, unreachable data is shouted, never passed off
as clean."""

from ops.audit import summarise, verdict

CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
VULNERABLE = {
    "dependencies": [
        {
            "name": "django",
            "version": "5.2.0",
            "vulns": [{"id": "PYSEC-2025-1", "fix_versions": []}],
        },
        {"name": "redis", "version": "8.1.0", "vulns": []},
    ]
}
UNREACHABLE = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "redis", "version": "8.1.0", "vulns": []},
    ]
}


def test_a_clean_report_passes():
    status, lines = verdict(summarise(CLEAN), allow_unreachable=False)
    assert status == 0 and lines[-1] == "pip-audit: no known vulnerabilities."


def test_a_vulnerable_pin_fails_even_when_unreachable_data_is_allowed():
    status, lines = verdict(summarise(VULNERABLE), allow_unreachable=True)
    assert status == 1
    assert "VULNERABLE: django 5.2.0: PYSEC-2025-1" in lines


def test_unreachable_data_fails_strictly_and_is_shouted_otherwise():
    summary = summarise(UNREACHABLE)
    assert summary.audited == ["redis"] and [n for n, _ in summary.unaudited] == ["django"]
    strict, _ = verdict(summary, allow_unreachable=False)
    assert strict == 2
    allowed, lines = verdict(summary, allow_unreachable=True)
    assert allowed == 0
    text = "\n".join(lines)
    assert "COULD NOT AUDIT 1 of 2 pinned packages" in text and "not audited: django" in text
    assert "no known vulnerabilities" not in text
