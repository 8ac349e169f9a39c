"""Checks before a figure goes public (DOMAIN.md; issue 11, item 3), as pure functions.

Each flag has a stable key (``kind:indicator_id``) so the planning office can confirm it with a
reason on the publish page, a management command can pass the same confirmations, and the
reasons are stored with the publication. The measurement form warns on the same conditions
while the person types (``measurement_warnings``; the browser side mirrors it in
static/js/plausibility.js).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators import compliance
from plan.formatting import format_magnitude, format_percent

PROGRESS_ABOVE_200 = "progress_above_200"
PROGRESS_BELOW_0 = "progress_below_0"
EXECUTED_ABOVE_TWICE_YEAR = "executed_above_twice_year"
TENFOLD_CHANGE = "tenfold_change"
PERCENT_ABOVE_100 = "percent_above_100"
MISSING_REPORT = "missing_report"
KINDS = (
    PROGRESS_ABOVE_200,
    PROGRESS_BELOW_0,
    EXECUTED_ABOVE_TWICE_YEAR,
    TENFOLD_CHANGE,
    PERCENT_ABOVE_100,
    MISSING_REPORT,
)
TWO_HUNDRED = Decimal(200)
HUNDRED = Decimal(100)
TEN = Decimal(10)
TWO = Decimal(2)
ZERO = Decimal(0)


@dataclass(frozen=True)
class IndicatorCheck:
    """What the checks need of one indicator at the cutoff about to be published."""

    indicator_id: int | None
    name: str
    unit: str
    executed: Decimal | None  # approved executed magnitude; None: no approved report
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    previous_executed: Decimal | None = None  # at the previous published cutoff
    direction: str = compliance.HIGHER

    @property
    def progress(self) -> Decimal | None:
        if self.executed is None or not compliance.is_positive(self.programmed_cutoff):
            return None
        return compliance.ratio(self.executed, self.programmed_cutoff, self.direction)


@dataclass(frozen=True)
class Flag:
    key: str
    kind: str
    indicator_id: int | None
    name: str
    message: str


def _conditions(check: IndicatorCheck) -> list[tuple[str, str]]:
    """(kind, Spanish message) of every condition ``check`` meets."""
    found = []
    executed, progress = check.executed, check.progress
    if executed is None:
        if compliance.is_positive(check.programmed_cutoff):
            found.append((MISSING_REPORT, _("Programado al corte y sin reporte aprobado.")))
        return found
    if progress is not None and progress > TWO_HUNDRED:
        found.append(
            (
                PROGRESS_ABOVE_200,
                _("Avance al corte de %(p)s: más del 200 %%.") % {"p": format_percent(progress)},
            )
        )
    if progress is not None and progress < ZERO or executed < ZERO:
        found.append((PROGRESS_BELOW_0, _("Avance negativo: el ejecutado es menor que 0.")))
    if compliance.is_positive(check.programmed_year) and executed > TWO * check.programmed_year:
        found.append(
            (
                EXECUTED_ABOVE_TWICE_YEAR,
                _("Ejecutado %(e)s: más del doble de lo programado en la vigencia (%(y)s).")
                % {"e": format_magnitude(executed), "y": format_magnitude(check.programmed_year)},
            )
        )
    previous = check.previous_executed
    if compliance.is_positive(previous) and compliance.is_positive(executed):
        if executed > TEN * previous or previous > TEN * executed:
            found.append(
                (
                    TENFOLD_CHANGE,
                    _("Cambió más de diez veces desde el corte anterior (%(a)s → %(b)s).")
                    % {"a": format_magnitude(previous), "b": format_magnitude(executed)},
                )
            )
    if check.unit == "percent" and executed > HUNDRED:
        found.append(
            (
                PERCENT_ABOVE_100,
                _("Indicador en porcentaje con un valor de %(e)s: más de 100.")
                % {"e": format_magnitude(executed)},
            )
        )
    return found


def flags_for(checks: Iterable[IndicatorCheck]) -> list[Flag]:
    """Every plausibility flag of the indicators about to be published, in a stable order."""
    return [
        Flag(f"{kind}:{check.indicator_id}", kind, check.indicator_id, check.name, message)
        for check in checks
        for kind, message in _conditions(check)
    ]


def measurement_warnings(
    executed: Decimal | None,
    unit: str,
    programmed_year: Decimal | None,
    programmed_cutoff: Decimal | None,
    previous_executed: Decimal | None = None,
    direction: str = compliance.HIGHER,
) -> list[str]:
    """The same conditions, as warnings on the measurement form (no missing report there)."""
    if executed is None:
        return []
    check = IndicatorCheck(
        None, "", unit, executed, programmed_year, programmed_cutoff, previous_executed, direction
    )
    return [message for kind, message in _conditions(check) if kind != MISSING_REPORT]


def unconfirmed(flags: Iterable[Flag], confirmations: Mapping[str, str] | None) -> list[Flag]:
    """The flags without a (non-blank) reason in ``confirmations`` (flag key -> reason)."""
    confirmations = confirmations or {}
    return [f for f in flags if not str(confirmations.get(f.key, "")).strip()]


def confirmation_records(flags: Iterable[Flag], confirmations: Mapping[str, str]) -> list[dict]:
    """What the publication stores: each flag with the reason given for it."""
    return [
        {
            "key": f.key,
            "kind": f.kind,
            "indicator": f.name,
            "message": f.message,
            "reason": str(confirmations[f.key]).strip(),
        }
        for f in flags
    ]
