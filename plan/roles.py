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
