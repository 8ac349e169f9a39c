"""One set of validators for every way a structure or a value enters (issue 11, item 2).

Column limits are installed on every model field of the project's apps at start-up
(``install_column_validators``, called by ``plan.apps.PlanConfig.ready``): ModelForms, the admin
and ``Model.full_clean`` then refuse a value that does not fit its column on PostgreSQL *and*
on SQLite, and the workbook imports and plain forms ask the same fields (``field_problems``,
``column_errors``). The cross-row rules of a plan's structure (weights per objective and year,
missing weights, annualisation, direction) are pure functions over plain values.

Messages are Spanish (es-CO) with an English translation; numbers in Colombian format.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators import compliance
from plan.formatting import format_number

# SQLite keeps a decimal as a double and Django reads it back rounded to 15 significant
# digits: a whole part of 16 digits (9.999.999.999.999.999) comes back as 10^16, which no
# longer fits numeric(20, 4), and every page that reads it fails. So no column holds more
# than 15 whole digits, whatever its max_digits.
SAFE_WHOLE_DIGITS = 15
HUNDRED = Decimal(100)
WEIGHT_TOLERANCE = Decimal("0.01")  # per weight: rounding of the typed weights


# --- Column limits ---------------------------------------------------------------------------


@deconstructible
class DecimalColumnValidator:
    """A decimal must fit its column on every database: fewer whole digits than
    ``max_digits - decimal_places`` (and than 15, for SQLite)."""

    def __init__(self, max_digits: int, decimal_places: int):
        self.max_digits = max_digits
        self.decimal_places = decimal_places

    @property
    def limit(self) -> Decimal:
        return Decimal(10) ** min(self.max_digits - self.decimal_places, SAFE_WHOLE_DIGITS)

    def __call__(self, value):
        try:
            value = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError(_("Escriba un número."), code="invalid") from None
        if not value.is_finite():
            raise ValidationError(_("Escriba un número."), code="invalid")
        if abs(value) >= self.limit:
            raise ValidationError(
                _("El valor es demasiado grande: debe ser menor que %(limit)s.")
                % {"limit": format_number(self.limit)},
                code="column_overflow",
            )

    def __eq__(self, other):
        return isinstance(other, DecimalColumnValidator) and (
            self.max_digits,
            self.decimal_places,
        ) == (other.max_digits, other.decimal_places)


def integer_limits(model_field: models.Field) -> tuple[int, int]:
    """The range of an integer column on PostgreSQL (the narrowest of our databases)."""
    return BaseDatabaseOperations.integer_field_ranges[model_field.get_internal_type()]


def _project_models():
    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            yield from config.get_models()


def _extra_validators(model_field) -> list:
    if isinstance(model_field, models.DecimalField):
        return [DecimalColumnValidator(model_field.max_digits, model_field.decimal_places)]
    if isinstance(model_field, models.IntegerField) and not isinstance(
        model_field, models.AutoField | models.BigAutoField | models.SmallAutoField
    ):
        low, high = integer_limits(model_field)
        return [MinValueValidator(low), MaxValueValidator(high)]
    return []


def install_column_validators() -> None:
    """Give every decimal and integer field of the project's models the validators of its
    column, and Plan.slug the plan-identifier rule. Idempotent; no migration changes (the
    validators are set on the field's computed list, not on its definition)."""
    from plan.models import Plan

    for model in _project_models():
        for model_field in model._meta.concrete_fields:
            extra = _extra_validators(model_field)
            if model is Plan and model_field.name == "slug":
                extra.append(validate_plan_slug)
            current = list(model_field.validators)
            missing = [v for v in extra if v not in current]
            if missing:  # first: the narrowest limit is the one a person reads
                model_field.__dict__["validators"] = missing + current


OWN_CODES = ("column_overflow", "reserved_slug", "invalid_slug", "max_length_slug")


def field_problems(model, field_name: str, value) -> list[str]:
    """Spanish messages when ``value`` does not fit ``model.field_name`` (length, column range,
    choices, blank, the field's validators), else []. No database access."""
    model_field = model._meta.get_field(field_name)
    try:
        model_field.clean(value, None)
    except ValidationError as error:
        # Our own messages (Colombian formats, the plan-identifier rule) before Django's.
        errors = sorted(error.error_list, key=lambda e: e.code not in OWN_CODES)
        return [m for e in errors for m in e.messages]
    return []


def model_validators(model, field_name: str) -> list:
    """The validators of ``model.field_name`` (its column's included), for a plain form field
    that stores into it."""
    return list(model._meta.get_field(field_name).validators)


def column_errors(instance, exclude: Iterable[str] = ()) -> dict[str, list[str]]:
    """``clean_fields`` of ``instance`` without the foreign-key lookups (no queries)."""
    skipped = set(exclude) | {f.name for f in instance._meta.concrete_fields if f.is_relation}
    try:
        instance.clean_fields(exclude=skipped)
    except ValidationError as error:
        return {name: [str(m) for m in msgs] for name, msgs in error.message_dict.items()}
    return {}


# --- Plan identifiers ------------------------------------------------------------------------

SLUG_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_LITERAL = re.compile(r"[-\w]+")


def _routes(patterns, prefix: str = "") -> Iterable[str]:
    from django.urls import URLResolver

    for pattern in patterns:
        text = str(pattern.pattern).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + text)
        else:
            yield prefix + text


def _is_plan_slug(segment: str) -> bool:
    return segment in ("<slug:slug>", "<slug>") or segment.startswith("(?P<slug>")


@lru_cache(maxsize=1)
def reserved_plan_words() -> frozenset[str]:
    """Every literal word the URLs use at a position where a plan identifier goes
    (/tablero/distrito/, /tablero/proyectos/, /datos-abiertos/diccionario/ ...), read from the
    URL configuration so a new page reserves its word without anyone remembering it."""
    from django.urls import get_resolver

    routes = [route.split("/") for route in _routes(get_resolver().url_patterns)]
    slug_prefixes = {
        tuple(segments[:i])
        for segments in routes
        for i, segment in enumerate(segments)
        if _is_plan_slug(segment)
    }
    return frozenset(
        segment.lower()
        for segments in routes
        for i, segment in enumerate(segments)
        if tuple(segments[:i]) in slug_prefixes and _LITERAL.fullmatch(segment)
    )


def validate_plan_slug(value: str) -> None:
    from plan.models import Plan

    length = Plan._meta.get_field("slug").max_length
    if not isinstance(value, str) or not value:
        raise ValidationError(_("Falta el identificador del plan."), code="required")
    if len(value) > length:
        raise ValidationError(
            _("El identificador tiene %(n)s caracteres; el máximo es %(max)s.")
            % {"n": len(value), "max": length},
            code="max_length_slug",
        )
    if not SLUG_PATTERN.fullmatch(value):
        raise ValidationError(
            _(
                "El identificador «%(v)s» no es válido: use minúsculas sin tildes, números y "
                "guiones, empezando por una letra (p. ej. pei-2024-2027)."
            )
            % {"v": value},
            code="invalid_slug",
        )
    if value in reserved_plan_words():
        raise ValidationError(
            _(
                "«%(v)s» es una palabra reservada de las direcciones del sitio "
                "(p. ej. /tablero/distrito/); elija otro identificador."
            )
            % {"v": value},
            code="reserved_slug",
        )


# --- Weights and structure (pure) ------------------------------------------------------------


@dataclass(frozen=True)
class WeightCheck:
    total: Decimal
    declared: Decimal
    count: int

    @property
    def difference(self) -> Decimal:
        return self.total - self.declared

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= WEIGHT_TOLERANCE * self.count

    @property
    def note(self) -> str | None:
        if not self.ok or not self.difference:
            return None
        return _(
            "Las ponderaciones suman %(t)s y no %(d)s: se acepta como redondeo (hasta 0,01 por "
            "ponderación)."
        ) % {"t": format_number(self.total, 2), "d": format_number(self.declared, 2)}

    @property
    def message(self) -> str | None:
        if self.ok:
            return None
        return _(
            "Las ponderaciones suman %(t)s; deben sumar %(d)s (se admite una diferencia de "
            "0,01 por ponderación por redondeo)."
        ) % {"t": format_number(self.total, 2), "d": format_number(self.declared, 2)}


def weight_sum_check(weights: Sequence[Decimal], declared_total: Decimal = HUNDRED) -> WeightCheck:
    return WeightCheck(sum(weights, Decimal(0)), Decimal(declared_total), len(weights))


@dataclass(frozen=True)
class LinkRow:
    indicator: object  # any hashable label (key in a workbook, id in the database)
    objective: object
    year: int
    weight: Decimal


@dataclass(frozen=True)
class Problem:
    code: str  # weights_sum, weights_rounding, missing_weight
    message: str
    where: dict = field(default_factory=dict)
    blocking: bool = True


def structure_problems(
    rule: str,
    links: Iterable[LinkRow],
    programmed: Iterable[tuple[object, int, Decimal]],
    cutoff_years: Iterable[int],
    declared_total: Decimal = HUNDRED,
) -> list[Problem]:
    """Weights per objective and year (rule «all indicators of the year»: they sum to the
    declared total within rounding), and every indicator programmed in a year that has a
    cutoff weighs in some objective that year."""
    links = list(links)
    problems = []
    if rule == compliance.ALL_OF_YEAR:
        groups = defaultdict(list)
        for link in links:
            groups[link.objective, link.year].append(link.weight)
        for (objective, year), weights in sorted(groups.items(), key=lambda kv: str(kv[0])):
            check = weight_sum_check(weights, declared_total)
            where = {"objective": objective, "year": year}
            if check.message:
                problems.append(Problem("weights_sum", check.message, where))
            elif check.note:
                problems.append(Problem("weights_rounding", check.note, where, blocking=False))
    weighted = {(link.indicator, link.year) for link in links}
    years = set(cutoff_years)
    for indicator, year, value in programmed:
        if year in years and value and (indicator, year) not in weighted:
            problems.append(
                Problem(
                    "missing_weight",
                    _(
                        "El indicador está programado en %(y)s, vigencia con cortes, pero no "
                        "tiene ponderación en ningún objetivo de ese año."
                    )
                    % {"y": year},
                    {"indicator": indicator, "year": year},
                )
            )
    return problems


def objective_plan_problem(indicator_plan_id, objective_plan_id) -> str | None:
    if indicator_plan_id != objective_plan_id:
        return _("El objetivo pertenece a otro plan: un indicador solo pondera en su propio plan.")
    return None


ANNUALISATION_MESSAGES = {
    "not_increasing": gettext_noop(
        "La anualización es «Creciente» pero la programación baja de un año a otro."
    ),
    "not_decreasing": gettext_noop(
        "La anualización es «Decreciente» pero la programación sube de un año a otro."
    ),
    "not_constant": gettext_noop(
        "La anualización es «Constante» pero la programación cambia de un año a otro."
    ),
}


def annualisation_problems(
    annualization: str, yearly: Mapping[int, Decimal], declared: Decimal | None
) -> list[str]:
    """Spanish messages when the declared total or the yearly programming contradict the
    annualisation type (indicators.compliance.check_total), else []."""
    if not yearly:
        return []
    check = compliance.check_total(annualization, dict(yearly), declared)
    messages = []
    for problem in check.problems:
        if problem == "total_mismatch":
            messages.append(
                _(
                    "El total declarado (%(d)s) no coincide con el que implica la anualización "
                    "y la programación anual (%(e)s)."
                )
                % {"d": _plain(check.declared), "e": _plain(check.expected)}
            )
        else:
            messages.append(_(ANNUALISATION_MESSAGES[problem]))
    return messages


def direction_problem(annualization: str, direction: str) -> str | None:
    """«Decreciente» is lower-is-better by definition: no contradicting second setting."""
    if annualization == compliance.DECRECIENTE and direction != compliance.LOWER:
        return _(
            "Un indicador «Decreciente» es de «Menor es mejor» por definición: corrija el "
            "sentido o la anualización."
        )
    return None


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return format_number(value, min(max(0, -int(exponent)), 4))
