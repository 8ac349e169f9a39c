"""The PAI 2024 year from its stored structure to a published first cutoff, through commands
only: calendar, follow-up workbooks exported and imported by a unit's reporter and by the
planning office, approval with four eyes, closing, publishing with a confirmed flag."""

import datetime
import io
import shlex
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from indicators.models import CutoffProgramming, Indicator, Measurement
from plan.models import Cutoff, Snapshot
from plan.roles import PLANNING, REPORTER
from reporting.tests.conftest import make_user
from reporting.workbook_export import INDEX, SHEET, YES

pytestmark = pytest.mark.django_db


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        raise CommandError(f"{error} {err.getvalue()}") from None
    return out.getvalue(), err.getvalue()


def fill(path, overshoot_id=None):
    """Every programmed row reported as programmed (``overshoot_id``: three times that)."""
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    for row in sheet.iter_rows(min_row=2):
        programmed = row[INDEX["programmed_cutoff"] - 1].value
        if programmed in (None, 0):
            continue
        executed = Decimal(str(programmed))
        if row[INDEX["id"] - 1].value == overshoot_id:
            executed *= 3
        row[INDEX["executed"] - 1].value = executed
        row[INDEX["analysis"] - 1].value = "Avance del trimestre según lo programado."
        row[INDEX["submit"] - 1].value = YES
    workbook.save(path)


def cmd(line: str, *extra: str) -> tuple[str, str]:
    """A command written as on the shell (``extra``: arguments with spaces)."""
    return command(*shlex.split(line), *extra)


CUT = "--plan pai-2024 --cutoff 31/03/2024"


def _calendar(pai):
    out, _ = cmd("create_cutoffs --plan pai-2024 --year 2024 --user oap1")
    assert "Corte 31/03/2024 creado; fecha límite de reporte 12/04/2024." in out
    assert "Corte 30/06/2024 creado; fecha límite de reporte 15/07/2024." in out
    cutoff = Cutoff.objects.get(plan=pai, date=datetime.date(2024, 3, 31))
    programmed = set(
        CutoffProgramming.objects.filter(cutoff=cutoff, programmed__gt=0).values_list(
            "indicator_id", flat=True
        )
    )
    assert programmed
    return cutoff, programmed


def _reports(tmp_path, cutoff, unit, programmed) -> tuple[set, int]:
    """The reporter's workbook (dates as pages write them), then the office's for the rest,
    one of its figures three times what was programmed."""
    mine = tmp_path / "unidad.xlsx"
    cmd(f"export_followup {CUT} --user reporta --output {mine}")
    fill(mine)
    cmd(f"import_followup {mine} {CUT} --user reporta")
    by_reporter = set(
        Measurement.objects.filter(cutoff=cutoff).values_list("indicator_id", flat=True)
    )
    assert by_reporter and by_reporter <= set(unit.indicators.values_list("id", flat=True))
    overshoot = (
        Indicator.objects.filter(id__in=programmed - by_reporter)
        .exclude(unit="percent")
        .order_by("id")
        .first()
        .id
    )
    office = tmp_path / "oficina.xlsx"
    cmd(f"export_followup --plan pai-2024 --cutoff 2024-03-31 --user oap1 --output {office}")
    fill(office, overshoot_id=overshoot)
    cmd(f"import_followup {office} {CUT} --user oap1")
    submitted = Measurement.objects.filter(cutoff=cutoff, status="submitted")
    assert submitted.count() == len(programmed)
    return by_reporter, overshoot


def test_the_pai_year_through_commands_only(seeded, tmp_path, client):
    pai = seeded["pai-2024"]
    first, second = make_user("oap1", PLANNING), make_user("oap2", PLANNING)
    reporter = make_user("reporta", REPORTER)
    unit = (
        Indicator.objects.filter(plan=pai, periodicity="quarterly")
        .exclude(responsible_unit=None)
        .first()
        .responsible_unit
    )
    unit.members.add(reporter)
    cutoff, programmed = _calendar(pai)
    by_reporter, overshoot = _reports(tmp_path, cutoff, unit, programmed)

    # Four eyes: the first planner approves the reporter's, never the own submissions.
    out, err = cmd(f"approve {CUT} --user oap1")
    assert f"{len(by_reporter)} reportes aprobados." in out and "cuatro ojos" in err
    with pytest.raises(CommandError, match="no tienen reporte aprobado"):
        cmd(f"close_cutoff {CUT} --user oap1")
    cmd(f"approve {CUT} --user oap2")
    assert Measurement.objects.filter(cutoff=cutoff, status="approved").count() == len(programmed)
    reviewers = set(Measurement.objects.filter(cutoff=cutoff).values_list("reviewed_by", flat=True))
    assert reviewers == {first.id, second.id}
    assert "El corte quedó cerrado." in cmd(f"close_cutoff {CUT} --user oap1")[0]

    # Publishing refuses the unconfirmed flag (300 %), then publishes with its reason.
    with pytest.raises(CommandError, match="alertas sin confirmar"):
        cmd(f"publish_cutoff {CUT} --user oap1")
    key = f"progress_above_200:{overshoot}"
    out, _ = cmd(f"publish_cutoff {CUT} --user oap1 --confirm {key}", "Se adelantó la meta.")
    assert "Corte publicado (versión 1)." in out
    assert Snapshot.objects.get(cutoff=cutoff).version == 1
    page = client.get("/planes/pai-2024/").content.decode()
    assert "31/03/2024" in page
    # The PAI's seed links no indicator to its objectives (weights), so the page shows the
    # published cutoff without a fake 0 %.
    assert "0,00 %" not in page

    # Reopening needs a reason.
    with pytest.raises(CommandError):
        cmd(f"reopen_cutoff {CUT} --user oap1 --reason", " ")
    cmd(f"reopen_cutoff {CUT} --user oap1 --reason", "Corrección de una cifra")
    assert Cutoff.objects.get(pk=cutoff.pk).status == "open"


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["close_cutoff", "--plan", "pai-2024", "--cutoff", "31/05/2024", "--user", "planea"],
            "No existe el corte 31/05/2024 del plan «pai-2024».",
        ),
        (
            ["close_cutoff", "--plan", "pai-2024", "--cutoff", "31-05-2024", "--user", "planea"],
            "no es una fecha: escríbala como dd/mm/aaaa",
        ),
        (
            ["create_cutoffs", "--plan", "no-existe", "--year", "2024", "--user", "planea"],
            "No existe el plan «no-existe».",
        ),
        (
            ["create_cutoffs", "--plan", "pai-2024", "--year", "2024", "--user", "nadie"],
            "No existe el usuario activo «nadie».",
        ),
        (
            ["create_cutoffs", "--plan", "pai-2024", "--year", "2030", "--user", "planea"],
            "fuera de su vigencia",
        ),
        (["export_structure", "--output", "x.xlsx"], "Indique --plan o --blank"),
    ],
)
def test_commands_answer_in_spanish(seeded, args, message):
    make_user("planea", PLANNING)
    with pytest.raises(CommandError, match=message):
        command(*args)
    assert not Cutoff.objects.filter(plan=seeded["pai-2024"]).exists()


def test_a_director_cannot_create_cutoffs_from_the_command_line(seeded):
    make_user("dire", "Directivo")
    with pytest.raises(CommandError, match="Solo la Oficina Asesora de Planeación"):
        command("create_cutoffs", "--plan", "pai-2024", "--year", "2024", "--user", "dire")


def test_export_structure_writes_a_plan_or_the_blank_template(seeded, tmp_path):
    path = tmp_path / "e.xlsx"
    command("export_structure", "--plan", "pai-2024", "--output", str(path))
    assert load_workbook(path)["Indicadores"].max_row == 115
    command("export_structure", "--blank", "--output", str(path))
    assert load_workbook(path).sheetnames[0] == "Instrucciones"
