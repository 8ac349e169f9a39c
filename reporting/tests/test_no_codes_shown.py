"""No code value of a choice is shown to a person: the rendered pages of the planning cycle and
the generated workbooks are scanned for the raw values of every TextChoices of our apps
(`submitted`, `all_of_year`, `quarterly` ...), which must always appear as their labels."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from openpyxl import load_workbook

from indicators.models import Measurement
from plan.models import Cutoff
from reporting import cycle
from reporting.importing import export_followup
from reporting.structure_workbook import export_structure
from reporting.tests.conftest import login

# Codes that are also ordinary Spanish words in the plans' own texts («red de bibliotecas»,
# «reduce el riesgo»).
SPANISH_WORDS = {"red", "reduce"}
APPS = ("plan.", "indicators.", "reporting.", "risks.", "accountability.", "dashboards.")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def raw_codes() -> set[str]:
    """Values that differ from their Spanish label (acronyms such as PEI aside)."""
    from django.utils import translation

    codes = set()
    with translation.override("es"):
        for choices in _subclasses(models.TextChoices):
            if not choices.__module__.startswith(APPS):
                continue
            for value, label in choices.choices:
                if value.lower() != str(label).lower() and not value.isupper():
                    codes.add(value)
    return codes - SPANISH_WORDS


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def shown_codes(text: str, codes: set[str]) -> set[str]:
    words = set(re.findall(r"[A-Za-z_]+", text))
    return {code for code in codes if code in words}


def test_the_code_list_is_real():
    codes = raw_codes()
    assert {"submitted", "draft", "all_of_year", "quarterly", "open", "published"} <= codes


@pytest.fixture
def cycle_pages(people, open_cutoff):
    pai = people.pes.__class__.objects.get(slug="pai-2024")
    cycle.create_cutoffs(pai, _quarters(), people.planner)
    Measurement.objects.filter(cutoff=open_cutoff).update(
        status="submitted", submitted_by=people.reporter_a
    )
    first = Cutoff.objects.filter(plan=pai).order_by("date").first()
    return [
        "/reporte/",
        f"/reporte/planes/{pai.slug}/calendario/",
        f"/reporte/cortes/{first.id}/programacion/",
        f"/reporte/cortes/{open_cutoff.id}/",
        f"/reporte/cortes/{open_cutoff.id}/revision/",
        f"/reporte/cortes/{open_cutoff.id}/revision/?estado=approved",
        f"/reporte/cortes/{open_cutoff.id}/cerrar/",
        "/reporte/estructura/importar/",
        "/reporte/planes/nuevo/",
        f"/reporte/planes/{people.pes.slug}/configurar/",
        f"/reporte/planes/{people.pes.slug}/ponderaciones/2026/",
        f"/reporte/planes/{people.pes.slug}/programacion-anual/",
        f"/reporte/planes/{people.pes.slug}/indicadores/{people.i4200.id}/",
        f"/tablero/{pai.slug}/",
        f"/tablero/{people.pes.slug}/",
    ]


def _quarters():
    import datetime

    return [datetime.date(2024, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]


def test_pages_of_the_planning_cycle_show_labels_not_codes(client, people, cycle_pages, media):
    codes = raw_codes()
    login(client, people.planner)
    for url in cycle_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert shown_codes(visible_text(response.content.decode()), codes) == set(), url
    # The follow-up import preview (its «Estado» column) and the structure preview.
    cutoff = Cutoff.objects.get(plan=people.pes)
    for url, content in (
        (f"/reporte/cortes/{cutoff.id}/importar/", export_followup(cutoff, people.planner)),
        ("/reporte/estructura/importar/", export_structure(people.pes)),
    ):
        upload = SimpleUploadedFile("libro.xlsx", content)
        response = client.post(url, {"file": upload})
        assert response.status_code == 200, url
        assert "Enviada a revisión" in response.content.decode() or "estructura" in url
        assert shown_codes(visible_text(response.content.decode()), codes) == set(), url


def workbook_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if isinstance(v, str))
        parts.extend(str(v.formula1) for v in sheet.data_validations.dataValidation)
    return " ".join(parts)


def test_generated_workbooks_show_labels_not_codes(people, open_cutoff):
    codes = raw_codes()
    for plan in people.pes.__class__.objects.all():
        assert shown_codes(workbook_text(export_structure(plan)), codes) == set(), plan.slug
    assert shown_codes(workbook_text(export_structure(None)), codes) == set()
    content = export_followup(open_cutoff, people.planner)
    assert shown_codes(workbook_text(content), codes) == set()
