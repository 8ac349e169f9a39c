"""The rows of the plan-structure workbook as Django forms (reporting.row_forms): each sheet's
row is bound to a form whose fields are those of the set-up pages (reporting.setup_forms) or
the model's own rule, with the workbook's messages for what only a workbook can get wrong (a
key of another sheet, a label of a drop-down, a year outside the plan)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.choices import Annualization, Direction, GoalKind, Periodicity
from indicators.choices import Unit as MeasureUnit
from indicators.models import Indicator, ObjectiveLink
from plan.choices import IndicatorSetRule, PlanKind
from reporting import xlsx
from reporting.field_rules import ModelRule
from reporting.numbers import magnitude_problem
from reporting.row_forms import CellField, RowForm, checked, choice
from reporting.setup_forms import (
    END_BEFORE_START,
    GoalForm,
    IndicatorForm,
    ObjectiveForm,
    PlanForm,
)
from reporting.structure_workbook import PLAN_FIELDS, _choices, _rule_labels
from reporting.xlsx import CellError

read_int, read_decimal, read_date = xlsx.read_int, xlsx.read_decimal, xlsx.read_date
plan_field, objective_field = PlanForm.base_fields.get, ObjectiveForm.base_fields.get
goal_field, indicator_field = GoalForm.base_fields.get, IndicatorForm.base_fields.get


def _unknown(text: str) -> str:
    return _("Valor desconocido «%(v)s».") % {"v": text}


def _year_range(value: int) -> None:
    if not 1990 <= value <= 2100:
        raise CellError(_("Escriba un año entre 1990 y 2100."))


def _plan_kind(value: str) -> str:
    if value not in PlanKind.values:
        raise CellError(_("El tipo debe ser PEI, PES o PAI."))
    return value


def _yes_no(value: str) -> bool:
    if value.lower() not in ("sí", "si", "no"):
        raise CellError(_("Escriba «Sí» o «No»."))
    return value.lower() in ("sí", "si")


def _missing(key: str) -> str:
    return _("Falta %(what)s.") % {"what": dict(PLAN_FIELDS)[key]}


class PlanRows(RowForm):
    """The «Plan» sheet: one label and its value per row (every field at column B)."""

    def __init__(self, data, found):
        super().__init__(data)
        rules = _choices(IndicatorSetRule)
        fields = dict(
            organisation=CellField(missing=_missing("organisation")),
            slug=CellField(like=plan_field("slug"), missing=_missing("slug")),
            kind=CellField(convert=_plan_kind, like=plan_field("kind")),
            name=CellField(like=plan_field("name"), missing=_missing("name")),
            start_year=CellField(read_int, convert=self._year, like=plan_field("start_year")),
            end_year=CellField(read_int, convert=self._year, like=plan_field("end_year")),
            indicator_set_rule=CellField(convert=choice(rules, self._unknown_rule)),
            cap_progress=CellField(convert=_yes_no),
            mission=CellField(like=plan_field("mission")),
            vision=CellField(like=plan_field("vision")),
            adoption_act=CellField(like=plan_field("adoption_act")),
        )
        self.fields = {key: value for key, value in fields.items() if key in found}

    @staticmethod
    def _year(value):
        if value is None:
            raise CellError(_("Escriba un año entre 1990 y 2100."))
        _year_range(value)
        return value

    @staticmethod
    def _unknown_rule(_text):
        return _("Regla desconocida; use %(v)s.") % {"v": "; ".join(_rule_labels())}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", str(END_BEFORE_START))  # the page's rule and message
        return data


class ObjectiveRow(RowForm):
    headers = {"number": "Número", "short_title": "Título corto", "statement": "Enunciado"}
    headers |= {"weight": "Peso"}
    number = CellField(
        read_int, like=objective_field("number"), missing=gettext_lazy("Falta el número.")
    )
    short_title = CellField(like=objective_field("short_title"))
    statement = CellField(like=objective_field("statement"))
    weight = CellField(read_decimal, like=objective_field("weight"))


class GoalRow(RowForm):
    headers = {"key": "Clave", "kind": "Tipo", "code": "Código", "name": "Nombre"}
    key = CellField(missing=gettext_lazy("Falta la clave."))
    kind = CellField(
        convert=choice(_choices(GoalKind), lambda _t: _("Tipo de meta desconocido.")),
        like=goal_field("kind"),
    )
    code = CellField(like=goal_field("code"))
    name = CellField(like=goal_field("name"), missing=gettext_lazy("Falta el nombre."))


class IndicatorRow(RowForm):
    headers = {
        "key": "Clave",
        "goal": "Meta",
        "code": "Código",
        "name": "Nombre",
        "unit": "Unidad de medida",
        "annualization": "Anualización",
        "direction": "Sentido",
        "responsible_unit": "Dependencia",
        "periodicity": "Periodicidad",
        "declared_total": "Total declarado",
    }
    key = CellField(missing=gettext_lazy("Falta la clave."))
    goal = CellField()
    code = CellField(like=indicator_field("code"))
    name = CellField(like=indicator_field("name"), missing=gettext_lazy("Falta el nombre."))
    unit = CellField(convert=choice(_choices(MeasureUnit), _unknown), like=indicator_field("unit"))
    annualization = CellField(
        convert=choice(_choices(Annualization), _unknown), like=indicator_field("annualization")
    )
    direction = CellField(
        convert=choice(_choices(Direction), _unknown), like=indicator_field("direction")
    )
    responsible_unit = CellField()  # a unit's code, looked up when the plan is written
    periodicity = CellField(
        convert=choice(_choices(Periodicity), _unknown), like=indicator_field("periodicity")
    )
    declared_total = CellField(read_decimal, like=indicator_field("declared_total"))

    def __init__(self, data, goals):
        super().__init__(data)
        self.goals = goals

    def clean_goal(self):
        goal = self.cleaned_data["goal"]
        if goal not in self.goals:
            raise ValidationError(_("La meta «%(k)s» no está en la hoja Metas.") % {"k": goal})
        return goal

    def clean(self):
        """The indicator's own rule, as the set-up page runs it (Indicator.clean)."""
        data = super().clean()
        if {"annualization", "direction"} <= data.keys():
            Indicator(annualization=data["annualization"], direction=data["direction"]).clean()
        return data


class _ByYear(RowForm):
    """A row of an indicator of the file, in a year of the plan."""

    indicator = CellField()
    year = CellField(read_int, missing=gettext_lazy("Falta la vigencia."))

    def __init__(self, data, parsed, years):
        super().__init__(data)
        self.parsed, self.years = parsed, years

    def clean_indicator(self):
        key = self.cleaned_data["indicator"]
        if key not in self.parsed.indicators:
            raise ValidationError(
                _("El indicador «%(k)s» no está en la hoja Indicadores.") % {"k": key}
            )
        return key

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.years and year not in self.years:
            raise ValidationError(
                _("La vigencia %(y)s está fuera del periodo del plan.") % {"y": year}
            )
        return year

    def magnitude(self, name: str) -> None:
        """The magnitude's rule for the indicator's unit, as in the measurement form."""
        value, key = self.cleaned_data.get(name), self.cleaned_data.get("indicator")
        if value is not None and key is not None:
            problem = magnitude_problem(value, self.parsed.indicators[key]["unit"])
            if problem:
                self.add_error(name, problem)


def _weight_range(value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(100):
        raise CellError(_("La ponderación debe estar entre 0 y 100."))


class LinkRow(_ByYear):
    headers = {"indicator": "Indicador", "objective": "Objetivo", "year": "Vigencia"}
    headers |= {"weight": "Ponderación (%)"}
    objective = CellField(read_int)
    weight = CellField(
        read_decimal,
        convert=checked(_weight_range),
        validators=[ModelRule(ObjectiveLink, "weight")],
        missing=gettext_lazy("La ponderación debe estar entre 0 y 100."),
    )
    field_order = ["indicator", "objective", "year", "weight"]

    def clean_objective(self):
        number = self.cleaned_data["objective"]
        if number not in {o["number"] for o in self.parsed.objectives}:
            raise ValidationError(
                _("El objetivo %(n)s no está en la hoja Objetivos.") % {"n": number}
            )
        return number


class AnnualRow(_ByYear):
    headers = {"indicator": "Indicador", "year": "Vigencia", "programmed": "Programado"}
    programmed = CellField(read_decimal, missing=gettext_lazy("Falta el valor."))

    def clean(self):
        self.magnitude("programmed")
        return self.cleaned_data


class CutoffRow(RowForm):
    headers = {"date": "Fecha de corte", "deadline": "Fecha límite"}
    date = CellField(read_date, missing=gettext_lazy("Falta la fecha."))
    deadline = CellField(read_date)

    def __init__(self, data, years):
        super().__init__(data)
        self.years = years

    def clean_date(self):
        date = self.cleaned_data["date"]
        if self.years and date.year not in self.years:
            raise ValidationError(
                _("La vigencia %(y)s está fuera del periodo del plan.") % {"y": date.year}
            )
        return date


class CutoffProgrammingRow(_ByYear):
    headers = {"indicator": "Indicador", "date": "Fecha de corte", "programmed": "Programado"}
    year = None
    date = CellField(read_date)
    programmed = CellField(read_decimal, missing=gettext_lazy("Falta el valor."))

    def __init__(self, data, parsed, dates):
        super().__init__(data, parsed, ())
        self.dates = dates

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date not in self.dates:
            raise ValidationError(_("Ese corte no está en la hoja Cortes."))
        return date

    def clean(self):
        self.magnitude("programmed")
        return self.cleaned_data
