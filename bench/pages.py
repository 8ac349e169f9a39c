"""The table of pages that item 2 of the benchmark measures at two sizes (S and L), each page
at both sizes back to back in every round, in one process (``bench/paired.py``), and the rows
each one gives in the results: its server time at both sizes and the L/S ratio, target ≤ 1,3.
Streamed files are also timed to their first byte (target ≤ 200 ms at the largest size).

The pure part (``PAGES``, ``paths``, ``rows``) knows nothing of Django; ``reference_values``
reads the ids that fill the paths from the database of one size.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.report import Row, duration, number, times, timing
from bench.stats import ratio, summarise

REFERENCE = "pes-2024-2027"  # a seed plan: the same plan at every size
# A seed project of the Secretaría General, head of the reference plan's sector (SGP, which
# has no projects of its own): the same project at every size, the one with the most goals.
REFERENCE_PROJECT = "7871"
TARGET_RATIO = 1.3
TARGET_FIRST_BYTE = 0.2  # seconds, at the largest size
SEARCH = "sgp"  # what the searched lists look for: the code of the reference plan's sector


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str  # filled by ``paths``: {plan}, {objective}, {indicator}, {published}, {today},
    # {sector}, {organisation}, {project}, {search}
    signed_in: bool = False  # as a director (district scope); otherwise a citizen
    rendered: bool = False  # the page cache cleared before each request
    streamed: bool = False  # a file: its first byte is timed too
    heavy: bool = False  # holds every plan (the district's files): fewer requests per round


PAGES: tuple[Page, ...] = (
    # One plan's pages: their cost must not depend on the number of plans.
    Page("dashboard", "director dashboard (PES)", "/tablero/{plan}/", signed_in=True),
    Page(
        "objective",
        "director objective (PES)",
        "/tablero/{plan}/objetivos/{objective}/",
        signed_in=True,
    ),
    Page(
        "indicator",
        "director indicator (PES)",
        "/tablero/{plan}/indicadores/{indicator}/",
        signed_in=True,
    ),
    Page(
        "indicators",
        "director indicator table (PES)",
        "/tablero/{plan}/indicadores/",
        signed_in=True,
    ),
    Page("alerts", "director alerts (PES)", "/tablero/{plan}/alertas/", signed_in=True),
    Page("public_plan", "public plan page, rendered (PES)", "/planes/{plan}/", rendered=True),
    Page("public_plan_cached", "public plan page, from the cache (PES)", "/planes/{plan}/"),
    Page(
        "public_objective",
        "public objective, rendered (PES)",
        "/planes/{plan}/objetivos/{objective}/",
        rendered=True,
    ),
    Page(
        "opendata_plan",
        "open data: one plan's CSV (PES)",
        "/datos-abiertos/{plan}/{published}/indicadores.csv",
    ),
    Page("opendata_plan_page", "open data: one plan's page (PES)", "/datos-abiertos/{plan}/"),
    # The lists (issue 15, item 3): grouped, searchable, paginated.
    Page("home", "public home (lists the plans), rendered", "/", rendered=True),
    Page("home_kept", "public home, its list kept (plan.stamped_cache)", "/"),
    Page("opendata_index", "open data index", "/datos-abiertos/"),
    Page("index", "director index", "/tablero/", signed_in=True),
    Page(
        "projects",
        "investment projects, public, rendered (its budget totals stored)",
        "/proyectos/",
        rendered=True,
    ),
    Page(
        "projects_director",
        "investment projects, directors",
        "/tablero/proyectos/",
        signed_in=True,
    ),
    # One project's page: its goals in full, whatever the number of projects.
    Page(
        "project",
        "investment project page, public (7871)",
        "/proyectos/{organisation}/{project}/",
        rendered=True,
    ),
    Page(
        "project_director",
        "investment project page, directors (7871)",
        "/tablero/proyectos/{organisation}/{project}/",
        signed_in=True,
    ),
    Page("risk_register", "risk register", "/riesgos/registro/", signed_in=True),
    Page("risk_map", "risk heat maps, directors", "/riesgos/", signed_in=True),
    Page("risk_alerts", "risk alerts, directors", "/riesgos/alertas/", signed_in=True),
    Page(
        "risk_alerts_overdue",
        "risk alerts, overdue follow-ups",
        "/riesgos/alertas/?lista=vencidos",
        signed_in=True,
    ),
    Page(
        "risk_public",
        "corruption risk map, public",
        "/riesgos/corrupcion/",
        rendered=True,
    ),
    Page(
        "district",
        "district overview: sectors",
        "/tablero/distrito/?fecha={today}",
        signed_in=True,
    ),
    Page(
        "district_sector",
        "district overview: the plans of the reference plan's sector (SGP)",
        "/tablero/distrito/?fecha={today}&sector={sector}",
        signed_in=True,
    ),
    Page(
        "district_plan",
        "district overview: one plan's objectives (PES)",
        "/tablero/distrito/?fecha={today}&plan={plan}",
        signed_in=True,
    ),
    Page(
        "accountability",
        "accountability: events, public",
        "/rendicion-de-cuentas/",
        rendered=True,
    ),
    Page(
        "accountability_manage",
        "accountability: management list",
        "/rendicion-de-cuentas/gestion/",
        signed_in=True,
    ),
    # The lists searched by the code of the reference plan's sector: about the same rows found
    # at every size (the seed's, and at L the few synthetic entities of that sector), among
    # every row of the district.
    Page("home_search", "public home, searched", "/?q={search}", rendered=True),
    Page("index_search", "director index, searched", "/tablero/?q={search}", signed_in=True),
    Page("projects_search", "investment projects, public, searched", "/proyectos/?q={search}"),
    Page(
        "risk_register_search",
        "risk register, searched",
        "/riesgos/registro/?q={search}",
        signed_in=True,
    ),
    Page(
        "risk_public_search",
        "corruption risk map, public, searched",
        "/riesgos/corrupcion/?q={search}",
        rendered=True,
    ),
    Page(
        "district_search",
        "district overview, searched",
        "/tablero/distrito/?fecha={today}&q={search}",
        signed_in=True,
    ),
    Page(
        "accountability_search",
        "accountability: events, public, searched",
        "/rendicion-de-cuentas/?q={search}",
        rendered=True,
    ),
    # The every-plan files: streamed, their first byte must come at once.
    Page(
        "opendata_district",
        "open data: every plan's objectives (CSV)",
        "/datos-abiertos/{today}/objetivos.csv",
        streamed=True,
        heavy=True,
    ),
    Page(
        "opendata_district_indicators",
        "open data: every plan's indicators (CSV)",
        "/datos-abiertos/{today}/indicadores.csv",
        streamed=True,
        heavy=True,
    ),
)

# What the issue names as the lists at scale (item 3): every one must be in the table.
LISTS = {
    "home",
    "opendata_index",
    "index",
    "projects",
    "projects_director",
    "risk_register",
    "risk_map",
    "risk_alerts",
    "risk_alerts_overdue",
    "risk_public",
    "district",
    "accountability",
    "accountability_manage",
    "opendata_district",
    "home_search",
    "projects_search",
    "risk_register_search",
    "risk_public_search",
    "district_search",
    "accountability_search",
}


def paths(values: dict[str, object], pages=PAGES) -> dict[str, str]:
    """Each page's path with ``values`` (reference_values) filled in."""
    return {page.key: page.path.format(**values) for page in pages}


def reference_values(reference: str = REFERENCE) -> dict[str, object]:
    """The ids of the reference plan on the current database (the same seed plan at every
    size), and today's date."""
    from django.utils import timezone

    from indicators.models import Indicator
    from plan.models import Cutoff, InvestmentProject, Plan

    plan = Plan.objects.select_related("organisation").get(slug=reference)
    published = Cutoff.objects.filter(plan=plan, status="published").latest("date")
    project = InvestmentProject.objects.select_related("organisation").get(
        code=REFERENCE_PROJECT, organisation__sector=plan.organisation
    )
    return {
        "plan": plan.slug,
        "objective": plan.objectives.order_by("number").values_list("number", flat=True)[3],
        "indicator": Indicator.objects.filter(plan=plan).order_by("id").values_list("id")[0][0],
        "published": published.date.isoformat(),
        "today": timezone.localdate().isoformat(),
        "sector": plan.organisation.code,  # the PES belongs to the sector organisation itself
        "organisation": project.organisation.code,
        "project": project.code,
        "search": SEARCH,
    }


def _ratio_row(large, small, page: Page, summaries) -> Row:
    """The L/S ratio, target ≤ 1,3; informative for a file of every plan (it holds every plan
    by definition: its target is the first byte)."""
    value = ratio(summaries[large].median, summaries[small].median)
    label = page.label
    if page.streamed and page.heavy:
        return Row("2", f"Ratio {large}/{small}: {label} (the whole file)", {large: times(value)})
    return Row(
        "2",
        f"Ratio {large}/{small}: {label}",
        {large: times(value)},
        f"≤ {number(TARGET_RATIO, 1)}",
        value is not None and value <= TARGET_RATIO,
    )


def rows(paired: dict, pages=PAGES) -> list[Row]:
    """Item 2 of the table: for every page, its server time at both sizes and the ratio (and
    the first byte of streamed files). A page that did not answer 200 at a size is said so,
    with its target missed."""
    small, large = paired["sizes"]
    found: list[Row] = []
    for page in pages:
        failed = paired.get("errors", {}).get(page.key)
        if failed:
            target = f"≤ {number(TARGET_RATIO, 1)}"
            cells = {large: f"not measured: {failed}"}
            found.append(Row("2", f"Server time: {page.label}", cells, target, False))
            continue
        samples = {s: paired["samples"][s][page.key] for s in (small, large)}
        summaries = {s: summarise(v) for s, v in samples.items()}
        found.append(
            Row(
                "2",
                f"Server time: {page.label} ({small} and {large} alternating)",
                {s: timing(v) for s, v in summaries.items()},
            )
        )
        found.append(_ratio_row(large, small, page, summaries))
        if page.streamed:
            first = {s: summarise(paired["first_byte"][s][page.key]) for s in (small, large)}
            found.append(
                Row(
                    "2",
                    f"Time to the first byte: {page.label}",
                    {s: timing(v) for s, v in first.items()},
                    f"≤ {duration(TARGET_FIRST_BYTE)} at {large}",
                    first[large].median <= TARGET_FIRST_BYTE,
                )
            )
    return found
