"""The organisation scope of plans and cutoffs for the internal pages (reporting, dashboards),
on top of plan.permissions (DOMAIN.md, «Who may do what, at district scale»).

- ``plans(user, MANAGE)`` (also REVIEW): the plans of the organisations ``user``'s planning
  office manages (``permissions.managed_organisations``).
- ``plans(user, READ)``: the plans of the organisations ``user`` reads, and the plans with an
  indicator reported by a unit of such an organisation (an entity reports and reads its
  units' indicators of the sector plan). A Reportante reads through its units' organisations.
- Reporting an indicator is ``permissions.restrict(Indicator..., REPORT)`` (by unit).

Each is a filter inside one query (subqueries, no extra round trip besides the user's cached
assignments); an object outside answers 404 in the views.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plan import permissions, roles
from plan.permissions import MANAGE, READ, REVIEW


def manages(user, organisation_id: int | None) -> bool:
    """Whether ``user``'s planning office configures, reviews and publishes the plans of
    ``organisation_id`` (no query besides the cached assignments)."""
    if not roles.is_planning(user):
        return False
    orgs = permissions.managed_organisations(user)
    return orgs is None or organisation_id in orgs


def reading_orgs(user) -> tuple[frozenset[int] | None, bool]:
    """(organisations read by role, whether the user's units' organisations add to them)."""
    if not user.is_authenticated:
        return frozenset(), False
    if user.is_superuser:
        return None, False
    orgs = frozenset()
    if roles.is_planning(user) or roles.is_director(user):
        orgs = permissions.read_organisations(user)
        if orgs is None:
            return None, False
    return orgs, roles.is_reporter(user)


def _read_q(user) -> Q | None:
    from indicators.models import Indicator
    from plan.models import Unit

    orgs, with_units = reading_orgs(user)
    if orgs is None:
        return None
    org_filter = Q(organisation_id__in=orgs)
    unit_filter = Q(responsible_unit__organisation_id__in=orgs)
    if with_units:
        own_orgs = Unit.objects.filter(members=user).values("organisation_id")
        org_filter |= Q(organisation_id__in=own_orgs)
        unit_filter |= Q(responsible_unit__organisation_id__in=own_orgs)
    return org_filter | Q(id__in=Indicator.objects.filter(unit_filter).values("plan_id"))


def plan_q(user, action: str) -> Q | None:
    """The filter on Plan of ``action`` for ``user``; None: every plan."""
    if action in (MANAGE, REVIEW):
        if not roles.is_planning(user):
            return Q(pk__in=())
        orgs = permissions.managed_organisations(user)
        return None if orgs is None else Q(organisation_id__in=orgs)
    if action == READ:
        return _read_q(user)
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

    if not user.is_authenticated:
        return Organisation.objects.none()
    if action in (MANAGE, REVIEW):
        if not roles.is_planning(user):
            return Organisation.objects.none()
        orgs = permissions.managed_organisations(user)
    else:
        orgs, with_units = reading_orgs(user)
        if with_units:
            from plan.models import Unit

            own = Unit.objects.filter(members=user).values("organisation_id")
            return Organisation.objects.order_by("name").filter(Q(id__in=orgs) | Q(id__in=own))
    queryset = Organisation.objects.order_by("name")
    return queryset if orgs is None else queryset.filter(id__in=orgs)
