"""«Programado al corte» in the follow-up workbook (no database access): whether a changed
value may be stored, and the progress it gives. The planning office may change it while the
cutoff is open; anyone else's change is refused on that cell, never silently ignored. The value
passes the same checks as every magnitude (reporting.numbers) and the column's own validators
(plan.validation), as the «programado al corte» grid of reporting.cycle does."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.compliance import is_programmed, ratio
from reporting.numbers import format_for_input, magnitude_problem
from reporting.workflow import OPEN


def programming_problem(value: Decimal | None, current, cutoff_status: str) -> str | None:
    """Why ``value`` may not replace ``current.programmed_cutoff`` (a workbook_import.Current),
    or None. Call it only for a value that differs from the stored one."""
    stored = format_for_input(current.programmed_cutoff) or "—"
    if not current.actor.planning:
        return _(
            "Solo la Oficina Asesora de Planeación cambia «Programado al corte»; el valor "
            "vigente es %(v)s. Déjelo así o descargue de nuevo el libro."
        ) % {"v": stored}
    if cutoff_status != OPEN:
        return _("Solo se programa un corte abierto; reábralo con un motivo.")
    if value is None:
        return _(
            "Desde el libro no se borra la programación al corte (vigente: %(v)s); escriba el "
            "nuevo valor o bórrela en la página de programación del corte."
        ) % {"v": stored}
    return magnitude_problem(value, current.unit) or _column_problem(value)


def _column_problem(value: Decimal) -> str | None:
    from indicators.models import CutoffProgramming
    from indicators.validation import field_problems

    problems = field_problems(CutoffProgramming, "programmed", value)
    return problems[0] if problems else None


def progress(executed: Decimal | None, programmed: Decimal | None, direction: str):
    """The progress at the cutoff in percent points, or None without a figure or a target."""
    if executed is None or not is_programmed(programmed, direction):
        return None
    return ratio(executed, programmed, direction)
