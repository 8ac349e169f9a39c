"""Who may do what, one rule for every app (reporting, risks, accountability).

A write needs the **role** that may write **and** the **scope** of the object: never
membership of a unit alone.

- Roles (plan.roles) resolve in this order: Planeación (or superuser) > Directivo > Reportante.
  Planeación who is also a unit member is Planeación. A Directivo never writes, whatever
  other group or unit membership they hold (a Reportante promoted to Directivo loses write
  access). A Reportante writes only within the units it is a member of.
- Scope: the unit an object belongs to, found through ``UNIT_PATHS`` (one lookup path per
  model). The planning office's scope is every unit today; a later per-organisation or
  per-sector scope only has to change ``_planning_filter`` and ``_planning_allows`` (NetBox
  style: the permission is applied inside the query, ``restrict(queryset, user, action)``).

Actions:
- ``REPORT``: enter or submit a measurement, a risk follow-up or action plan, a commitment
  follow-up, an answer to a citizen's question.
- ``REVIEW``: approve or return what was reported; publish answers and risks.
- ``MANAGE``: configure plans, the risk register, cutoffs.
- ``READ``: read what was reported. Before approval a Reportante reads only its own units'
  reports, analysis and evidence; the planning office and directors read all; approved
  reports are readable by every internal user.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plan import roles

REPORT = "report"
REVIEW = "review"
MANAGE = "manage"
READ = "read"
ACTIONS = (REPORT, REVIEW, MANAGE, READ)

# model label -> lookup path from the model to its responsible unit.
UNIT_PATHS = {
    "plan.unit": "",
    "indicators.indicator": "responsible_unit",
    "indicators.measurement": "indicator__responsible_unit",
    "indicators.evidence": "measurement__indicator__responsible_unit",
    "risks.risk": "responsible_unit",
    "risks.followup": "risk__responsible_unit",
    "risks.action": "risk__responsible_unit",
    "accountability.commitment": "responsible_unit",
    "accountability.commitmentfollowup": "commitment__responsible_unit",
    "accountability.question": "answering_unit",
}

# model label -> what makes a row readable by every internal user (approved reports).
APPROVED = {
    "indicators.measurement": Q(status="approved"),
    "indicators.evidence": Q(measurement__status="approved"),
}


def write_role(user) -> str | None:
    """The role ``user`` writes with: PLANNING, REPORTER or None (directors never write)."""
    if roles.is_planning(user):
        return roles.PLANNING
    if roles.is_director(user):
        return None
    if roles.is_reporter(user):
        return roles.REPORTER
    return None


def unit_ids(user) -> frozenset[int]:
    """Ids of the units ``user`` is a member of (one query, cached on the user)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_tablero_member_units", None)
    if cached is None:
        cached = frozenset(user.units.values_list("id", flat=True))
        user._tablero_member_units = cached
    return cached


def reportable_unit_ids(user) -> frozenset[int] | None:
    """Units whose objects ``user`` may report: None means every unit (planning office)."""
    role = write_role(user)
    if role == roles.PLANNING:
        return None
    if role == roles.REPORTER:
        return unit_ids(user)
    return frozenset()


def _label(model) -> str:
    return model._meta.label_lower


def _unit_id_of(obj) -> int | None:
    """The id of the unit ``obj`` belongs to, walking ``UNIT_PATHS`` on loaded attributes."""
    label = _label(type(obj))
    if label not in UNIT_PATHS:
        raise KeyError(f"No unit path for {label}: add it to plan.permissions.UNIT_PATHS")
    path = UNIT_PATHS[label]
    if not path:
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def _planning_allows(user, obj) -> bool:
    """The planning office's scope: every object today (per organisation later)."""
    return True


def _planning_filter(queryset: QuerySet, user) -> QuerySet:
    return queryset


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` on ``obj``? Without ``obj``: on anything at all."""
    if action not in ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        return False
    if roles.is_planning(user):
        return obj is None or _planning_allows(user, obj)
    if action in (REVIEW, MANAGE):
        return False
    if action == READ:
        if roles.is_director(user):
            return True
        if not roles.is_reporter(user):
            return False
        if obj is None:
            return True
        approved = APPROVED.get(_label(type(obj)))
        if approved is not None and type(obj).objects.filter(approved, pk=obj.pk).exists():
            return True
        return _unit_id_of(obj) in unit_ids(user)
    ids = reportable_unit_ids(user)
    if obj is None:
        return bool(ids)
    return _unit_id_of(obj) in ids


def restrict(queryset: QuerySet, user, action: str) -> QuerySet:
    """``queryset`` narrowed to the rows ``user`` may ``action`` (inside the query)."""
    if action not in ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        return queryset.none()
    if roles.is_planning(user):
        return _planning_filter(queryset, user)
    if action in (REVIEW, MANAGE):
        return queryset.none()
    label = _label(queryset.model)
    path = UNIT_PATHS[label]
    lookup = f"{path}__in" if path else "pk__in"
    if action == READ:
        if roles.is_director(user):
            return queryset
        if not roles.is_reporter(user):
            return queryset.none()
        own = Q(**{lookup: unit_ids(user)})
        approved = APPROVED.get(label)
        return queryset.filter(own | approved if approved is not None else own)
    return queryset.filter(**{lookup: reportable_unit_ids(user) or ()})


# --- «Cuatro ojos» (MIPG's segregation of duties) ------------------------------------------


class SelfApproval(Exception):
    """The person approving is the one who submitted (settings.FOUR_EYES is on)."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def four_eyes(submitted_by_id: int | None, user) -> str:
    """Whoever submitted a report does not approve it. Raises SelfApproval when FOUR_EYES is
    on; when off, returns the note the history keeps ("" when another person approves)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    if submitted_by_id is None or submitted_by_id != user.pk:
        return ""
    if settings.FOUR_EYES:
        raise SelfApproval(
            _(
                "Quien envió el reporte no puede aprobarlo («cuatro ojos»): debe aprobarlo "
                "otra persona de la Oficina Asesora de Planeación."
            )
        )
    return _("Aprobado por quien lo envió: «cuatro ojos» desactivado (FOUR_EYES).")
