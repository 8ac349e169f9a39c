"""How a figure is computed, in words and numbers a person can redo by hand (pure).

Works on the engine's ``Term`` objects, computed or read back from a publication: they
have ``indicator_id``, ``weight``, ``included``, ``reason``, ``progress``,
``normalised_weight`` and ``contribution``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators import compliance as engine
from plan.formatting import format_magnitude, format_percent

# The one place where the engine's reason codes get their Spanish labels.
REASON_LABELS = {
    engine.IN_MEASURED: _("Medido al corte"),
    engine.IN_NOT_PROGRAMMED_AS_ZERO: _("No programado al corte: cuenta como 0 %"),
    engine.IN_NOT_REPORTED_AS_ZERO: _("Sin reporte al corte: cuenta como 0 %"),
    engine.OUT_NOT_PROGRAMMED_IN_YEAR: _("Excluido: no programado en la vigencia"),
    engine.OUT_NOT_PROGRAMMED_AT_CUTOFF: _("Excluido: no programado al corte"),
}

# What each rule for the set of indicators means, in plain Spanish.
RULE_EXPLANATIONS = {
    engine.ALL_OF_YEAR: _(
        "Cuentan todos los indicadores que el objetivo tiene en la vigencia. Un indicador "
        "que no estaba programado al corte, o que aún no se ha reportado, cuenta como 0 %. "
        "La suma de ponderación × avance se divide por el total declarado de las "
        "ponderaciones del objetivo (100, salvo que el plan declare otro), no por la suma de "
        "las ponderaciones escritas."
    ),
    engine.PROGRAMMED_IN_YEAR: _(
        "Cuentan solo los indicadores con magnitud programada en la vigencia. Sus "
        "ponderaciones se reparten de nuevo entre ellos para que sumen 100 %."
    ),
    engine.PROGRAMMED_AT_CUTOFF: _(
        "Cuentan solo los indicadores con magnitud programada al corte. Sus ponderaciones se "
        "reparten de nuevo entre ellos para que sumen 100 %. Si ningún indicador estaba "
        "programado, el objetivo no tiene cumplimiento en ese corte: no se muestra un 0 %."
    ),
}


def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code)


def arithmetic(terms: Sequence, compliance: Decimal | None, language: str = "es") -> str:
    """The weighted average with renormalised weights and the actual numbers:
    "(50,00% × 100,00% + 50,00% × 266,67%) = 183,33%". Empty when nothing is averaged."""
    included = [t for t in terms if t.included]
    if not included or compliance is None:
        return ""
    parts = " + ".join(
        f"{format_percent(t.normalised_weight, 2, language)} × "
        f"{format_percent(t.progress, 2, language)}"
        for t in included
    )
    return f"({parts}) = {format_percent(compliance, 2, language)}"


def weighted_arithmetic(
    terms: Sequence,
    compliance: Decimal | None,
    language: str = "es",
    denominator: Decimal | None = None,
) -> str:
    """The same with the weights as configured and the denominator actually used:
    "(50 × 100,00% + 50 × 266,67%) / 100 = 183,33%". ``denominator`` defaults to the sum of
    the included weights."""
    included = [t for t in terms if t.included]
    if not included or compliance is None:
        return ""
    parts = " + ".join(
        f"{format_magnitude(t.weight, language)} × {format_percent(t.progress, 2, language)}"
        for t in included
    )
    if denominator is None:
        denominator = sum((t.weight for t in included), Decimal(0))
    return f"({parts}) / {format_magnitude(denominator, language)} = " + format_percent(
        compliance, 2, language
    )


def denominator_text(kind: str, denominator: Decimal | None, language: str = "es") -> str:
    """ "÷ 100 (total declarado)" or "÷ 50 (Σ ponderaciones que cuentan)"; empty when nothing
    is averaged."""
    if denominator is None:
        return ""
    value = format_magnitude(denominator, language)
    if kind == engine.DECLARED_TOTAL:
        return _("÷ %(total)s (total declarado)") % {"total": value}
    return _("÷ %(total)s (Σ ponderaciones que cuentan)") % {"total": value}


def formula(kind: str) -> str:
    """The objective's formula in words, with the denominator its rule uses."""
    if kind == engine.DECLARED_TOTAL:
        return str(
            _(
                "Cumplimiento del objetivo = Σ (ponderación × avance al corte) ÷ total "
                "declarado de las ponderaciones del objetivo, sobre todos sus indicadores de "
                "la vigencia."
            )
        )
    return str(
        _(
            "Cumplimiento del objetivo = Σ (ponderación × avance al corte) ÷ Σ (ponderación), "
            "sobre los indicadores que cuentan."
        )
    )


@dataclass(frozen=True)
class PanelRow:
    """One indicator's line in the "how this figure is computed" panel."""

    indicator_id: int
    label: str
    weight: Decimal
    included: bool
    reason: str
    progress: Decimal | None
    normalised_weight: Decimal | None
    contribution: Decimal | None


@dataclass(frozen=True)
class Panel:
    included: tuple[PanelRow, ...]
    excluded: tuple[PanelRow, ...]
    weight_sum: Decimal
    arithmetic: str
    weighted_arithmetic: str
    compliance: Decimal | None
    denominator: Decimal | None = None
    denominator_kind: str = engine.WEIGHT_SUM
    denominator_text: str = ""
    formula: str = ""
    share_sum: Decimal | None = None  # Σ normalised weights: 100 %, or 99,99 % (declared total)
    shares_text: str = ""
    share_heading: str = ""


def panel(
    terms: Sequence,
    compliance: Decimal | None,
    labels: Mapping[int, str],
    language: str = "es",
    denominator: Decimal | None = None,
    denominator_kind: str = engine.WEIGHT_SUM,
) -> Panel:
    """``denominator``/``denominator_kind`` as the engine's ObjectiveResult (or a published
    objective) gives them; without them, the sum of the included weights."""
    rows = [
        PanelRow(
            indicator_id=t.indicator_id,
            label=labels.get(t.indicator_id, str(t.indicator_id)),
            weight=t.weight,
            included=t.included,
            reason=str(reason_label(t.reason)),
            progress=t.progress,
            normalised_weight=t.normalised_weight,
            contribution=t.contribution,
        )
        for t in terms
    ]
    weight_sum = sum((r.weight for r in rows if r.included), Decimal(0))
    if denominator is None and compliance is not None:
        denominator, denominator_kind = weight_sum, engine.WEIGHT_SUM
    return Panel(
        included=tuple(r for r in rows if r.included),
        excluded=tuple(r for r in rows if not r.included),
        weight_sum=weight_sum,
        arithmetic=arithmetic(terms, compliance, language),
        weighted_arithmetic=weighted_arithmetic(terms, compliance, language, denominator),
        compliance=compliance,
        denominator=denominator,
        denominator_kind=denominator_kind,
        denominator_text=str(denominator_text(denominator_kind, denominator, language)),
        formula=formula(denominator_kind),
        share_sum=sum((r.normalised_weight for r in rows if r.included), Decimal(0))
        if compliance is not None
        else None,
        share_heading=str(
            _("Ponderación sobre el total declarado")
            if denominator_kind == engine.DECLARED_TOTAL
            else _("Ponderación renormalizada")
        ),
        shares_text=str(
            _("Con cada ponderación dividida por el total declarado:")
            if denominator_kind == engine.DECLARED_TOTAL
            else _(
                "Con las ponderaciones renormalizadas (cada una dividida por la suma de las "
                "que cuentan):"
            )
        ),
    )


def objective_panel(result, labels: Mapping[int, str], language: str = "es") -> Panel:
    """The panel of an engine ``ObjectiveResult`` or a published objective (both carry their
    terms, compliance and denominator)."""
    return panel(
        result.terms,
        result.compliance,
        labels,
        language,
        denominator=result.denominator,
        denominator_kind=result.denominator_kind,
    )


def plan_formula(set_rule: str, declared_total_weight: Decimal, language: str = "es") -> str:
    """The methodology page's formula with the denominator the plan's rule uses:
    "cumplimiento = Σ (ponderación × avance) ÷ 100 (total declarado)"."""
    rule = engine.RULES[set_rule]
    if rule.denominator == engine.DECLARED_TOTAL:
        divisor = denominator_text(engine.DECLARED_TOTAL, declared_total_weight, language)
    else:
        divisor = _("÷ Σ (ponderación de los indicadores que cuentan)")
    return f"{_('cumplimiento = Σ (ponderación × avance)')} {divisor}"
