"""Public pages: the corruption risk map (Ley 1474 de 2011, art. 73) with its open data, and
the methodology the entity applies. No login."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opendata import writers
from plan.models import Organisation
from risks.choices import RiskZone
from risks.loading import load_grid
from risks.methodology import current as current_methodology
from risks.published import PublishedRiskVersion

# Open-data columns, headed by their labels. Every value is a string (decimals never pass
# through a float).
OPEN_DATA_COLUMNS = [
    writers.Column("entidad", "Entidad"),
    writers.Column("vigencia", "Vigencia"),
    writers.Column("codigo", "Código"),
    writers.Column("proceso_o_proyecto", "Proceso o proyecto de inversión"),
    writers.Column("riesgo", "Riesgo"),
    writers.Column("causa_raiz", "Causa raíz"),
    writers.Column("probabilidad_inherente", "Probabilidad inherente"),
    writers.Column("impacto_inherente", "Impacto inherente"),
    writers.Column("zona_inherente", "Zona inherente"),
    writers.Column("controles", "Controles"),
    writers.Column("probabilidad_residual", "Probabilidad residual"),
    writers.Column("impacto_residual", "Impacto residual"),
    writers.Column("zona_residual", "Zona residual"),
    writers.Column("tratamiento", "Tratamiento"),
    writers.Column("valorado", "Valorado"),
]


def _owner(risk) -> str:
    if risk.process_id:
        return risk.process.name
    return f"{risk.investment_project.code} {risk.investment_project.name}"


def open_data_row(risk) -> dict[str, str]:
    """One corruption risk as strings (risk loaded with ``for_public_corruption_map``)."""
    stored = getattr(risk, "assessment", None)
    controls = " | ".join(
        f"{c.order}. {c.description} ({c.get_control_type_display()}, "
        f"{c.get_implementation_display()})"
        for c in risk.controls.all()
    )
    return {
        "entidad": risk.organisation.name,
        "vigencia": str(risk.year),
        "codigo": risk.code,
        "proceso_o_proyecto": _owner(risk),
        "riesgo": risk.name,
        "causa_raiz": risk.root_cause,
        "probabilidad_inherente": stored.inherent_probability.name if stored else "",
        "impacto_inherente": stored.inherent_impact.name if stored else "",
        "zona_inherente": str(RiskZone(stored.inherent_zone).label) if stored else "",
        "controles": controls,
        "probabilidad_residual": stored.residual_probability.name if stored else "",
        "impacto_residual": stored.residual_impact.name if stored else "",
        "zona_residual": str(RiskZone(stored.residual_zone).label) if stored else "",
        "tratamiento": risk.get_treatment_display() if risk.treatment else "",
        "valorado": "sí" if stored else "no",
    }


def _public_risks(request):
    """The published corruption risks (their current versions, risks.published) of the chosen
    organisation and year: three queries, rows as published."""
    current = PublishedRiskVersion.objects.filter(is_current=True)
    organisations = list(
        Organisation.objects.filter(id__in=current.values("organisation_id").distinct()).order_by(
            "name"
        )
    )
    years = sorted(set(current.values_list("year", flat=True)), reverse=True)
    year_text = request.GET.get("vigencia", "")
    year = int(year_text) if year_text.isdigit() else (years[0] if years else None)
    if years and year not in years:
        raise Http404(_("No hay riesgos de corrupción publicados para esa vigencia."))
    versions = current.filter(year=year)
    organisation = None
    code = request.GET.get("entidad", "")
    if code:
        organisation = next((o for o in organisations if o.code == code), None)
        if organisation is None:
            raise Http404(_("Entidad desconocida."))
        versions = versions.filter(organisation=organisation)
    rows = [v.row for v in versions.order_by("sort_key").only("row")]
    return organisations, years, year, organisation, rows


@dataclass(frozen=True)
class PublicRisk:
    code: str
    owner: str
    name: str
    controls: list
    zone: RiskZone | None


def _public_risk(row: dict) -> PublicRisk:
    zone = row.get("zona_residual_codigo") or ""
    return PublicRisk(
        code=row["codigo"],
        owner=row["proceso_o_proyecto"],
        name=row["riesgo"],
        controls=row.get("controles_lista", []),
        zone=RiskZone(zone) if zone else None,
    )


def corruption_map(request):
    organisations, years, year, organisation, rows = _public_risks(request)
    risks = [_public_risk(row) for row in rows]
    assessed = [r for r in risks if r.zone is not None]
    by_zone = {code: 0 for code in RiskZone.values}
    for risk in assessed:
        by_zone[risk.zone.value] += 1
    query = request.GET.urlencode()
    context = {
        "organisations": organisations,
        "organisation": organisation,
        "years": years,
        "year": year,
        "risks": risks,
        "assessed": len(assessed),
        "unassessed": len(risks) - len(assessed),
        "zone_counts": [(RiskZone(code), by_zone[code]) for code in reversed(RiskZone.values)],
        "downloads": [(fmt.upper(), f"datos.{fmt}?{query}") for fmt in ("csv", "json", "xlsx")],
        "rows": [(r, r.zone) for r in risks],
    }
    return render(request, "risks/public_corruption.html", context)


def corruption_data(request, fmt):
    if fmt not in (writers.CSV, writers.JSON, writers.XLSX):
        raise Http404(_("Formato desconocido."))
    _organisations, _years, year, _organisation, published = _public_risks(request)
    layout = writers.JsonLayout(
        indent=2,
        envelope={
            "fuente": "Tablero · mapa de riesgos de corrupción (Ley 1474 de 2011, art. 73)",
            "vigencia": str(year) if year else None,
        },
        records_key="riesgos",
        blank="",
    )
    return writers.download(
        fmt,
        OPEN_DATA_COLUMNS,
        published,
        f"mapa-riesgos-corrupcion-{year}.{fmt}",
        header="label",
        title="Riesgos de corrupción",
        layout=layout,
    )


ATTRIBUTE_LABELS = {"type": gettext_lazy("Tipo"), "implementation": gettext_lazy("Implementación")}


def _value_label(score) -> str:
    from risks.workbook_columns import CONTROL_CHOICES

    enum = CONTROL_CHOICES.get(score.attribute)
    return str(enum(score.value).label) if enum and score.value in enum.values else score.value


def methodology_page(request):
    grid = load_grid()
    methodology = grid.methodology or current_methodology()
    if methodology is None:
        raise Http404(_("No hay una metodología de riesgos vigente."))
    rows = [
        {
            "probability": p,
            "cells": [RiskZone(grid.zones[(p.position, i.position)]) for i in grid.impact_levels],
        }
        for p in reversed(grid.probability_levels)
    ]
    context = {
        "methodology": methodology,
        "grid": grid,
        "rows": rows,
        "scores": [
            (ATTRIBUTE_LABELS.get(s.attribute, s.attribute), _value_label(s), s)
            for s in methodology.control_scores.exclude(score=None)
        ],
        "questions": list(methodology.corruption_questions.all()),
        "bands": list(methodology.corruption_bands.select_related("impact")),
    }
    return render(request, "risks/methodology.html", context)
