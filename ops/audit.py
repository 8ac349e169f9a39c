"""`make audit`: bandit over our code and pip-audit over the pinned requirements.

    python -m ops.audit [--allow-unreachable]

Exit status: 0 clean; 1 a known vulnerability in a pin or a bandit finding; 2 pip-audit could
not get the vulnerability data for some pins (the PyPI JSON API per release, or OSV, not
reachable). With --allow-unreachable (what `make test` uses) case 2 prints a loud banner
naming every unaudited pin and exits 0: an audit that could not run is reported, never
passed off as clean. bandit's accepted findings are marked in the code with `# nosec`.
"""

from __future__ import annotations

import argparse
import json
import subprocess  # noqa: S404 - fixed argument lists, no shell  # nosec B404
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = [ROOT / "requirements" / "base.txt", ROOT / "requirements" / "dev.txt"]


@dataclass
class AuditSummary:
    audited: list[str] = field(default_factory=list)
    vulnerable: list[tuple[str, str, list[str]]] = field(default_factory=list)
    unaudited: list[tuple[str, str]] = field(default_factory=list)


def summarise(report: dict) -> AuditSummary:
    """pip-audit's JSON report -> what was audited, what is vulnerable, what could not be."""
    summary = AuditSummary()
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            summary.unaudited.append((name, dependency["skip_reason"]))
            continue
        summary.audited.append(name)
        ids = [v["id"] for v in dependency.get("vulns", [])]
        if ids:
            summary.vulnerable.append((name, dependency.get("version", "?"), ids))
    return summary


def verdict(summary: AuditSummary, allow_unreachable: bool) -> tuple[int, list[str]]:
    """Exit status and the lines to print."""
    lines = [f"pip-audit: {len(summary.audited)} pinned packages audited."]
    if summary.vulnerable:
        lines += [
            f"VULNERABLE: {name} {version}: {', '.join(ids)}"
            for name, version, ids in summary.vulnerable
        ]
        lines.append("pip-audit: upgrade the pins above (requirements/*.txt).")
        return 1, lines
    if summary.unaudited:
        banner = "!" * 78
        lines += [
            banner,
            f"pip-audit COULD NOT AUDIT {len(summary.unaudited)} of "
            f"{len(summary.unaudited) + len(summary.audited)} pinned packages: the "
            "vulnerability data (PyPI JSON API per release, or OSV) did not answer.",
            *(f"  not audited: {name}: {reason}" for name, reason in summary.unaudited),
            "These pins are NOT known to be free of vulnerabilities. Run `make audit` where "
            "pypi.org/pypi/<name>/<version>/json is reachable.",
            banner,
        ]
        return (0 if allow_unreachable else 2), lines
    lines.append("pip-audit: no known vulnerabilities.")
    return 0, lines


def run_pip_audit() -> dict:
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"]
    command += ["--no-deps", "--disable-pip"]
    for requirements in REQUIREMENTS:
        command += ["--requirement", str(requirements)]
    result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"pip-audit failed to run (exit {result.returncode})") from None


def run_bandit() -> int:
    command = [sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", ".", "-q"]
    return subprocess.run(command, cwd=ROOT, timeout=600, check=False).returncode  # noqa: S603  # nosec B603


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allow-unreachable", action="store_true")
    args = parser.parse_args(argv)
    bandit = run_bandit()
    print("bandit: no findings." if bandit == 0 else "bandit: findings above.")
    status, lines = verdict(summarise(run_pip_audit()), args.allow_unreachable)
    print("\n".join(lines))
    return max(1 if bandit else 0, status)


if __name__ == "__main__":
    raise SystemExit(main())
