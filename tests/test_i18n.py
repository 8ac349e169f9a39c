"""Spanish by default, English through the compiled catalogue when chosen."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_the_english_catalogue_is_complete_and_valid():
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(CATALOGUE)],
        capture_output=True,
        text=True,
    ).stdout
    assert untranslated.count("\nmsgid ") == 0, untranslated[:2000]
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(CATALOGUE)],
        capture_output=True,
        text=True,
    ).stdout
    assert "msgid " not in fuzzy, fuzzy[:2000]


def test_the_committed_compiled_catalogue_matches_its_source(tmp_path):
    """`make messages` was run after the last change to the .po file."""
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(CATALOGUE)], check=True)
    assert CATALOGUE.with_suffix(".mo").read_bytes() == fresh.read_bytes()


@pytest.mark.django_db
def test_pages_speak_spanish_by_default_and_english_when_chosen(client, seeded):
    spanish = client.get("/planes/pes-2024-2027/").content.decode()
    assert "Datos abiertos" in spanish and "183,33%" in spanish
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/planes/pes-2024-2027/").content.decode()
    assert "Open data" in english and "Datos abiertos" not in english
    assert "183.33%" in english
