"""The roles of DOMAIN.md as Django groups, and the questions views ask about a user.

- Planeación: the planning office; configures plans, reviews, closes and publishes cutoffs.
- Reportante: a unit's reporter; enters measurements only for its own units' indicators
  (the units it is a member of: ``Unit.members``).
- Directivo: reads every internal page, changes nothing.
- Anonymous citizens: public pages only.
Superusers count as planning office.
"""

from __future__ import annotations

PLANNING = "Planeación"
REPORTER = "Reportante"
DIRECTOR = "Directivo"
ROLES = (PLANNING, REPORTER, DIRECTOR)


def _groups(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_tablero_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._tablero_groups = cached
    return cached


def is_planning(user) -> bool:
    return user.is_authenticated and (user.is_superuser or PLANNING in _groups(user))


def is_director(user) -> bool:
    return DIRECTOR in _groups(user)


def is_reporter(user) -> bool:
    return REPORTER in _groups(user)


def can_view_internal(user) -> bool:
    """Directors' dashboards and internal pages: planning office, directors and reporters."""
    return is_planning(user) or bool(_groups(user) & {DIRECTOR, REPORTER})


# --- Queryset helpers: permissions applied inside the queries (added with the reporting app) --


def indicators_editable_by(user):
    """Indicators whose measurements ``user`` may enter (plan.permissions, action REPORT):
    all for the planning office; those of the own units for a Reportante who is not a
    Directivo; none for directors and anonymous users."""
    from indicators.models import Indicator
    from plan import permissions

    return permissions.restrict(Indicator.objects.all(), user, permissions.REPORT)


def indicators_visible_to(user):
    """Indicators of internal pages for any internal role; the organisation scope is applied
    on top by plan.scoping (``by_plan(..., READ)``)."""
    from indicators.models import Indicator

    return Indicator.objects.all() if can_view_internal(user) else Indicator.objects.none()


def editable_unit_ids(user) -> set[int] | None:
    """Ids of the units whose indicators ``user`` reports; None means every unit (planning)."""
    from plan import permissions

    ids = permissions.reportable_unit_ids(user)
    return None if ids is None else set(ids)


def can_edit_unit(user, unit_id: int | None) -> bool:
    ids = editable_unit_ids(user)
    return ids is None or (unit_id is not None and unit_id in ids)
