"""Public text is public: no page a citizen can open and no public open-data file carries a
source file name, a repository path or a note written for the office (transcribers' notes,
internal notes); those stay on the internal pages."""

import io
import re

import pytest
from openpyxl import load_workbook

from accountability import models as accountability
from accountability import opendata as accountability_data
from indicators.models import Indicator
from opendata import datasets
from plan.models import Cutoff, Plan
from tests.browser.pages import Seeds, every_page, plan_seeds

PATHS = re.compile(r"[\w./-]+\.txt\b|\bseeds/|\bfixtures/")

# Fields holding notes for the office: what the transcriber or a user wrote about the data.
INTERNAL_NOTES = [
    (accountability.Strategy, "notes"),
    (accountability.Strategy, "source"),
    (accountability.Activity, "notes"),
    (accountability.ActivityFollowUp, "notes"),
    (accountability.AttendanceRecord, "notes"),
    (accountability.Document, "notes"),
    (accountability.Event, "notes"),
    (accountability.Event, "links_note"),
    (accountability.SelfAssessment, "notes"),
    (accountability.TeamRole, "notes"),
    (Indicator, "notes"),
]


def internal_notes() -> list[str]:
    """A distinctive piece (the first 60 characters) of every stored internal note."""
    notes = set()
    for model, name in INTERNAL_NOTES:
        for value in model.objects.exclude(**{name: ""}).values_list(name, flat=True):
            notes.add(" ".join(value.split())[:60])
    return sorted(notes)


def public_pages(client) -> dict[str, str]:
    """Every page an anonymous visitor gets (200, HTML), by path."""
    plans = plan_seeds()
    seeds = Seeds(  # internal objects: their pages send an anonymous visitor to the login
        plans=plans,
        event_slug=accountability.Event.objects.first().slug,
        accountability_year=accountability.Strategy.objects.first().year,
        measurement_id=0,
        risk_id=0,
        risk_cutoff_id=0,
        risk_follow_up_id=0,
        question_id=0,
        commitment_id=0,
        commitment_follow_up_id=0,
    )
    pages = {}
    for path in every_page(seeds):
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            pages[path] = response.content.decode()
    for event in accountability.Event.objects.all():
        pages[f"/rendicion-de-cuentas/espacios/{event.slug}/"] = client.get(
            f"/rendicion-de-cuentas/espacios/{event.slug}/"
        ).content.decode()
    return pages


def _text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode("utf-8-sig")


def public_files(client) -> dict[str, str]:
    urls = ["/datos-abiertos/diccionario.csv"]
    for cutoff in Cutoff.objects.filter(status="published").select_related("plan"):
        for dataset in datasets.DATASETS:
            for fmt in datasets.FORMATS:
                urls.append(f"/datos-abiertos/{cutoff.plan.slug}/{cutoff.date}/{dataset}.{fmt}")
    for plan in Plan.objects.all():
        for dataset in datasets.STRUCTURE_COLUMNS:
            for fmt in datasets.FORMATS:
                urls.append(f"/datos-abiertos/{plan.slug}/estructura/{dataset}.{fmt}")
    for dataset in datasets.DATASETS:
        urls.append(f"/datos-abiertos/2030-12-31/{dataset}.csv")
    for dataset in accountability_data.COLUMNS:
        for fmt in accountability_data.FORMATS:
            urls.append(f"/rendicion-de-cuentas/datos-abiertos/{dataset}.{fmt}")
    for fmt in ("csv", "json", "xlsx"):
        urls.append(f"/riesgos/corrupcion/datos.{fmt}")
    files = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        files[url] = _text_of(response)
    return files


def leaks(texts: dict[str, str], notes: list[str]) -> dict[str, list[str]]:
    found = {}
    for where, text in texts.items():
        flat = " ".join(text.split())
        hits = PATHS.findall(flat) + [note for note in notes if note in flat]
        if hits:
            found[where] = hits
    return found


@pytest.mark.django_db
def test_the_seed_data_has_internal_notes_to_hide(seeded):
    notes = internal_notes()
    assert len(notes) > 20
    assert any("shared/seeds/004_" in note for note in notes)


def test_no_public_page_shows_file_paths_or_internal_notes(client, seeded):
    pages = public_pages(client)
    assert "/rendicion-de-cuentas/2023/informe/" in pages and "/planes/pai-2024/" in pages
    assert len(pages) >= 20
    assert leaks(pages, internal_notes()) == {}


def test_no_public_open_data_file_shows_file_paths_or_internal_notes(client, seeded):
    files = public_files(client)
    assert len(files) > 60
    assert leaks(files, internal_notes()) == {}


def test_the_notes_stay_on_the_internal_pages(client, seeded):
    from dashboards.tests.helpers import ROLES, user_with_role

    client.force_login(user_with_role("planeacion-notas", ROLES["planning"]))
    event = accountability.Event.objects.exclude(notes="").first()
    page = client.get(f"/rendicion-de-cuentas/gestion/espacios/{event.slug}/").content.decode()
    assert " ".join(event.notes.split())[:60] in " ".join(page.split())
    strategy = accountability.Strategy.objects.first()
    timeline = client.get(f"/rendicion-de-cuentas/gestion/{strategy.year}/cronograma/")
    assert strategy.source in timeline.content.decode()


def test_the_year_report_labels_derived_figures(client, seeded):
    html = client.get("/rendicion-de-cuentas/2023/informe/").content.decode()
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    figures = page[page.index("El año en cifras") : page.index("Objetivo de la estrategia")]
    assert "actividades" not in figures and "Avance promedio" not in figures
    assert "Cifras derivadas" in page
    assert "1 audiencia pública" in figures  # singular: one hearing in 2023
