"""The checks of a plan structure that need more than one cell (issue 11, item 2), run by the
structure workbook import on what the transaction wrote, before it commits: the same rules as
every other entry (plan.validation), each refusal naming the sheet, row and column.

- weights per objective and year under «all indicators of the year» sum to the declared total
  within rounding (a rounding difference is accepted with a note);
- every indicator programmed in a year that has a cutoff weighs in some objective that year;
- the declared total agrees with the yearly programming and the annualisation type: refused
  for an indicator the file creates or changes, a warning for historical data it leaves as is.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators import validation
from indicators.models import AnnualProgramming, ObjectiveLink
from reporting.xlsx import WorkbookError

LINKS, ANNUAL, INDICATORS = "Ponderaciones", "Programación anual", "Indicadores"
WEIGHT_COLUMN = "D (Ponderación (%))"
TOTAL_COLUMN = "J (Total declarado)"


def check_written(parsed, plan, objectives, indicators, touched, errors, warnings) -> None:
    """Cross-row rules over the plan as the transaction left it (file rows and stored rows)."""
    keys = {obj.id: key for key, obj in indicators.items()}
    numbers = {obj.id: number for number, obj in objectives.items()}
    links = list(
        ObjectiveLink.objects.filter(objective__plan=plan).values_list(
            "indicator_id", "objective_id", "year", "weight"
        )
    )
    annual = list(
        AnnualProgramming.objects.filter(indicator__plan=plan).values_list(
            "indicator_id", "year", "programmed"
        )
    )
    cutoff_years = {d.year for d in plan.cutoffs.values_list("date", flat=True)}
    link_rows = {
        (link["objective"], link["year"]): link.get("row") for link in reversed(parsed.links)
    }
    annual_rows = {(a["indicator"], a["year"]): a.get("row") for a in parsed.annual}
    problems = validation.structure_problems(
        plan.indicator_set_rule,
        [validation.LinkRow(i, o, y, w) for i, o, y, w in links],
        annual,
        cutoff_years,
        plan.declared_total_weight,
    )
    for problem in problems:
        if problem.code in ("weights_sum", "weights_rounding"):
            number = numbers.get(problem.where["objective"])
            row = link_rows.get((number, problem.where["year"]))
            message = _("Objetivo %(n)s, vigencia %(y)s: %(m)s") % {
                "n": number,
                "y": problem.where["year"],
                "m": problem.message,
            }
            target = errors if problem.blocking else warnings
            target.append(WorkbookError(LINKS, row, WEIGHT_COLUMN, message))
        else:
            key = keys.get(problem.where["indicator"], "")
            row = annual_rows.get((key, problem.where["year"]))
            errors.append(
                WorkbookError(
                    ANNUAL,
                    row,
                    "A (Indicador)",
                    _("Indicador %(k)s: %(m)s") % {"k": key, "m": problem.message},
                )
            )
    _check_totals(parsed, indicators, annual, touched, errors, warnings)


def _check_totals(parsed, indicators, annual, touched, errors, warnings) -> None:
    yearly = defaultdict(dict)
    for indicator_id, year, programmed in annual:
        yearly[indicator_id][year] = Decimal(programmed)
    for key, indicator in indicators.items():
        messages = validation.annualisation_problems(
            indicator.annualization, yearly.get(indicator.id, {}), indicator.declared_total
        )
        row = parsed.indicators[key].get("row")
        for message in messages:
            if key in touched:
                errors.append(WorkbookError(INDICATORS, row, TOTAL_COLUMN, message))
            else:
                warnings.append(
                    WorkbookError(
                        INDICATORS,
                        row,
                        TOTAL_COLUMN,
                        _("Dato histórico, se conserva: %(m)s") % {"m": message},
                    )
                )
