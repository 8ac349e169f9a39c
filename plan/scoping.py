"""The organisation scope of plans and cutoffs for the internal pages (reporting, dashboards),
on top of plan.permissions (DOMAIN.md, «Who may do what, at district scale»).

- ``plans(user, MANAGE)`` (also REVIEW): the plans of the organisations ``user``'s planning
  office manages (``permissions.managed_organisations``).
- ``plans(user, READ)``: ``permissions.read_plans_q``, the one read rule of plans (the plans
  of ``permissions.read_organisations`` and those an organisation read reports in). The
  district overview (dashboards.district_data) applies the same filter.
- Reporting an indicator is ``permissions.restrict(Indicator..., REPORT)`` (by unit).

Each is a filter inside one query (subqueries, no extra round trip besides the user's cached
assignments and units); an object outside answers 404 in the views.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plan import permissions, roles
from plan.permissions import MANAGE, READ, REVIEW


def within(queryset: QuerySet, orgs: frozenset[int] | None, path: str = "organisation_id"):
    """``queryset`` narrowed to the rows whose organisation id (at ``path``) is one of
    ``orgs``, as ``permissions.managed_organisations``/``read_organisations`` give them; None
    (the whole district) narrows nothing."""
    return queryset if orgs is None else queryset.filter(**{f"{path}__in": orgs})


def manages(user, organisation_id: int | None) -> bool:
    """Whether ``user``'s planning office configures, reviews and publishes the plans of
    ``organisation_id`` (no query besides the cached assignments)."""
    if not roles.is_planning(user):
        return False
    orgs = permissions.managed_organisations(user)
    return orgs is None or organisation_id in orgs


def plan_q(user, action: str) -> Q | None:
    """The filter on Plan of ``action`` for ``user``; None: every plan."""
    if action in (MANAGE, REVIEW):
        if not roles.is_planning(user):
            return Q(pk__in=())
        orgs = permissions.managed_organisations(user)
        return None if orgs is None else Q(organisation_id__in=orgs)
    if action == READ:
        return permissions.read_plans_q(user)
    raise ValueError(action)


def plans(user, action: str, queryset: QuerySet | None = None) -> QuerySet:
    """``queryset`` (default: every plan) narrowed to the plans ``user`` may ``action``."""
    from plan.models import Plan

    queryset = Plan.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    q = plan_q(user, action)
    return queryset if q is None else queryset.filter(q)


def by_plan(queryset: QuerySet, user, action: str, path: str = "plan") -> QuerySet:
    """``queryset`` (cutoffs, indicators...) narrowed to the rows whose plan (at ``path``)
    ``user`` may ``action``."""
    if not user.is_authenticated:
        return queryset.none()
    q = plan_q(user, action)
    if q is None:
        return queryset
    from plan.models import Plan

    return queryset.filter(**{f"{path}_id__in": Plan.objects.filter(q).values("id")})


def organisations(user, action: str) -> QuerySet:
    """The organisations ``user`` manages (MANAGE) or reads (READ), for choice fields."""
    from plan.models import Organisation

    queryset = Organisation.objects.order_by("name")
    if not user.is_authenticated:
        return queryset.none()
    if action in (MANAGE, REVIEW):
        if not roles.is_planning(user):
            return queryset.none()
        orgs = permissions.managed_organisations(user)
        return within(queryset, orgs, "id")
    q = permissions.read_organisations_q(user)
    return queryset if q is None else queryset.filter(q)
