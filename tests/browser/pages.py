"""Every page of the site, enumerated from the URLconf and filled with seed ids.

A new URL pattern is covered without editing this file when its parameters are among those
known below; one with a new parameter makes ``every_page`` raise, naming the pattern, so that
nobody adds a page that the browser tests silently leave out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL names that are not HTML pages a person reads: files, POST-only actions, redirects.
NOT_PAGES = {
    "healthz",
    "set_language",
    "logout",
    "password_reset_confirm",  # needs a signed token
    "accountability:document",
    "accountability:download",
    "risks:export",
    "risks:public_corruption_data",
    "reporting:evidence_download",
    "reporting:people_revoke",  # POST only
    "reporting:followup_export",
    "reporting:structure_export",
    "reporting:followup_import_confirm",  # needs a workbook uploaded in the session
    "reporting:structure_import_confirm",
    "opendata:dictionary_csv",
    "opendata:pick",  # a GET form's target: redirects to a file
    "opendata:district",
    "opendata:download",
    "opendata:structure",
}


# Pages whose query string chooses another view of their own (plan.listing's search box «q»
# and page number «pagina», a drill-down level of the district): each variant is checked like
# a page.
QUERY_VARIANTS = {
    "plan:home": ("?q=gestión&pagina=1",),
    "plan:projects": ("?q=7871",),
    "opendata:index": ("?q=SECRETARIA",),
    "dashboards:index": ("?q=pei&pagina=1",),
    "dashboards:projects": ("?q=gestión",),
    # sectors (the path itself), a sector's plans, the entities without a sector, a search,
    # one plan's objectives
    "dashboards:district": (
        "?sector=SGP",
        "?sector=sin-sector",
        "?q=plan",
        "?plan=pes-2024-2027",
    ),
    "accountability:events": ("?q=audiencia&pagina=1",),
    "accountability:topics": ("?q=secretaría",),
    "accountability:report": ("?entidad=SG",),
    "accountability:manage": ("?q=diálogo&pagina=1",),
    "accountability:timeline": ("?entidad=SG",),
}


@dataclass(frozen=True)
class Seeds:
    """The objects whose ids fill the URL parameters."""

    plans: tuple  # (slug, objective number, indicator id, cutoff id or None)
    event_slug: str
    accountability_year: int
    measurement_id: int
    risk_id: int
    risk_cutoff_id: int
    risk_follow_up_id: int
    question_id: int
    commitment_id: int
    commitment_follow_up_id: int


def plan_seeds() -> tuple:
    """``Seeds.plans`` of every plan in the database."""
    from plan.models import Plan

    return tuple(
        (
            plan.slug,
            plan.objectives.order_by("number").first().number,
            plan.indicators.order_by("code").first().id,
            getattr(plan.cutoffs.order_by("-date").first(), "id", None),
        )
        for plan in Plan.objects.order_by("slug")
    )


def _patterns(patterns=None, prefix="", namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # a superuser's repair tool, not anyone's page
                continue
            yield from _patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, list(pattern.pattern.regex.groupindex)


def _pk(name: str, seeds: Seeds) -> int:
    by_name = {
        "accountability:answer_question": seeds.question_id,
        "accountability:publish_answer": seeds.question_id,
        "accountability:report_follow_up": seeds.commitment_id,
        "accountability:review_follow_up": seeds.commitment_follow_up_id,
        "risks:follow_up_review": seeds.risk_follow_up_id,
    }
    if name in by_name:
        return by_name[name]
    if name.startswith("risks:"):
        return seeds.risk_id
    raise KeyError(f"{name}: which object does its <pk> name? Add it to tests/browser/pages.py")


# The project pages (public and directors') name a seed project by its organisation's code and
# its own: the one with the most goals.
SEED_PROJECT = {"organisation": "SG", "code": "7871"}

# The plan set-up pages name an object of the plan (its pk) or a year of it.
PLAN_SETUP_PKS = {"reporting:objective_edit", "reporting:goal_edit", "reporting:indicator_edit"}


def _plan_setup_value(name: str, param: str, slug: str) -> int:
    """The first objective, goal or indicator of the plan ``slug``, or its first year."""
    from plan.models import Plan

    plan = Plan.objects.get(slug=slug)
    if param == "year":
        return plan.start_year
    related = {
        "reporting:objective_edit": plan.objectives.order_by("number", "id"),
        "reporting:goal_edit": plan.goals.order_by("id"),
        "reporting:indicator_edit": plan.indicators.order_by("code", "id"),
    }[name]
    return related.values_list("pk", flat=True).first()


def _kwargs_options(name: str, params: list[str], seeds: Seeds) -> list[dict]:
    """Every set of keyword arguments to try for one URL pattern."""
    if not params:
        return [{}]
    per_plan = {"slug", "number", "indicator_id", "cutoff_id"}
    if name.startswith("accountability:"):
        fixed = {"slug": seeds.event_slug, "year": seeds.accountability_year}
        plans = [None]
    else:
        fixed = {}
        plans = [p for p in seeds.plans if "cutoff_id" not in params or p[3] is not None]
        if not per_plan & set(params):
            plans = [None]
    options = []
    for plan in plans:
        kwargs = {}
        for param in params:
            if plan is not None and param in per_plan:
                slug, number, indicator_id, cutoff_id = plan
                kwargs[param] = {
                    "slug": slug,
                    "number": number,
                    "indicator_id": indicator_id,
                    "cutoff_id": cutoff_id,
                }[param]
            elif param in fixed:
                kwargs[param] = fixed[param]
            elif param in SEED_PROJECT:
                kwargs[param] = SEED_PROJECT[param]
            elif param == "measurement_id":
                kwargs[param] = seeds.measurement_id
            elif param == "cutoff_pk":
                kwargs[param] = seeds.risk_cutoff_id
            elif plan is not None and name in PLAN_SETUP_PKS | {"reporting:plan_weights"}:
                kwargs[param] = _plan_setup_value(name, param, plan[0])
            elif param == "pk":
                kwargs[param] = _pk(name, seeds)
            else:
                raise KeyError(
                    f"{name}: no seed value for <{param}>; add one to tests/browser/pages.py"
                )
        options.append(kwargs)
    return options


def every_page(seeds: Seeds) -> list[str]:
    """The path of every page, once per seed plan where the page belongs to a plan."""
    paths = []
    for name, params in _patterns():
        if name in NOT_PAGES:
            continue
        for kwargs in _kwargs_options(name, params, seeds):
            path = reverse(name, kwargs=kwargs)
            paths.append(path)
            paths.extend(path + query for query in QUERY_VARIANTS.get(name, ()))
    return list(dict.fromkeys(paths))


def url_names() -> set[str]:
    return {name for name, _ in _patterns()}
