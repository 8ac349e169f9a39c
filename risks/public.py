"""Public pages: the corruption risk map (Ley 1474 de 2011, art. 73) with its open data, and
the methodology the entity applies. No login."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opendata import writers
from plan import distinct, listing, search_text
from plan.models import Organisation
from risks.choices import RiskZone
from risks.loading import load_grid
from risks.methodology import current as current_methodology
from risks.public_rows import tables
from risks.published import ZONE, PublishedRiskVersion

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


SEARCH_ON = search_text.ORGANISATIONS  # the entity's name and code, its sector's


@dataclass(frozen=True)
class Scope:
    """What the public map and its open data show: the published corruption risks (their
    current versions) of one year, of one entity (``?entidad=``) or of the entities whose
    name or code matches ``?q=``."""

    years: list[int]
    year: int | None
    organisation: Organisation | None
    search_form: listing.SearchForm
    search_text: str
    versions: object  # QuerySet of PublishedRiskVersion


def _scope(request) -> Scope:
    """Two queries at most, whatever the district: the years, the entity asked for."""
    current = PublishedRiskVersion.objects.filter(is_current=True)
    # One probe of the (is_current, year, …) index a year, not every current version read.
    years = distinct.descending_where(PublishedRiskVersion.objects.all(), "year", "is_current")
    year_text = request.GET.get("vigencia", "")
    year = int(year_text) if year_text.isdigit() else (years[0] if years else None)
    if years and year not in years:
        raise Http404(_("No hay riesgos de corrupción publicados para esa vigencia."))
    versions = current.filter(year=year)
    organisation = None
    code = request.GET.get("entidad", "")
    if code:
        published = current.values("organisation_id")
        organisation = Organisation.objects.filter(code=code, id__in=published).first()
        if organisation is None:
            raise Http404(_("Entidad desconocida."))
        versions = versions.filter(organisation=organisation)
    form = listing.SearchForm(request.GET)
    text = form.text()
    versions = search_text.matching(versions, text, SEARCH_ON)
    return Scope(years, year, organisation, form, text, versions)


@dataclass(frozen=True)
class PublicRisk:
    code: str
    owner: str
    name: str
    controls: list
    zone: RiskZone | None
    organisation: Organisation
    sector: tuple  # (id, name, code): plan.listing.group


def _public_risk(version) -> PublicRisk:
    row = version.row
    zone = row.get(ZONE) or ""
    return PublicRisk(
        code=row["codigo"],
        owner=row["proceso_o_proyecto"],
        name=row["riesgo"],
        controls=row.get("controles_lista", []),
        zone=RiskZone(zone) if zone else None,
        organisation=version.organisation,
        sector=listing.plan_sector(version),
    )


def zone_summary(counted: dict[str, int]) -> tuple[int, int, dict[str, int]]:
    """(assessed, unassessed, risks by residual zone) of the risks counted by the zone code of
    their published row ("" or None: published without an assessment)."""
    by_zone = {code: counted.get(code, 0) for code in RiskZone.values}
    assessed = sum(by_zone.values())
    return assessed, sum(counted.values()) - assessed, by_zone


def _counted_by_zone(versions) -> dict[str, int]:
    """One query: the versions counted by their published residual zone (the row's, stored
    beside it: an index answers the count without reading the rows)."""
    grouped = versions.order_by().values_list("residual_zone").annotate(n=Count("*"))
    counted: dict[str, int] = {}
    for zone, n in grouped:
        counted[zone or ""] = counted.get(zone or "", 0) + n
    return counted


def _arranged(versions):
    """A page's versions by sector and entity (plan.listing), then as published in order."""
    return (
        listing.with_sector(versions)
        .select_related("organisation")
        .only("row", "organisation__name", "organisation__code")
        .order_by(*listing.sector_order(), "sort_key")
    )


def corruption_map(request):
    """Three queries besides the scope's: the risks counted by zone (the summary and the
    list's count), one page of them by sector and entity."""
    scope = _scope(request)
    counted = _counted_by_zone(scope.versions)
    assessed, unassessed, by_zone = zone_summary(counted)
    page = listing.paginate(request, scope.versions, arrange=_arranged, count=assessed + unassessed)
    risks = [_public_risk(version) for version in page.object_list]
    groups = tables(listing.group(risks, lambda r: r.sector, lambda r: r.organisation), scope.year)
    query = request.GET.copy()
    query.pop(listing.PAGE, None)
    context = {
        "scope": scope,
        "years": scope.years,
        "year": scope.year,
        "organisation": scope.organisation,
        "search_form": scope.search_form,
        "search_text": scope.search_text,
        "page": page,
        "risks": risks,
        "rows": [(r, r.zone) for r in risks],
        "groups": groups,
        "total": assessed + unassessed,
        "assessed": assessed,
        "unassessed": unassessed,
        "zone_counts": [(RiskZone(code), by_zone[code]) for code in reversed(RiskZone.values)],
        "downloads": [
            (fmt.upper(), f"datos.{fmt}?{query.urlencode()}") for fmt in ("csv", "json", "xlsx")
        ],
        "pagination_label": _("Páginas de riesgos de corrupción"),
    }
    return render(request, "risks/public_corruption.html", context)


def corruption_data(request, fmt):
    if fmt not in (writers.CSV, writers.JSON, writers.XLSX):
        raise Http404(_("Formato desconocido."))
    scope = _scope(request)
    year = scope.year
    published = [v.row for v in scope.versions.order_by("sort_key").only("row")]
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
