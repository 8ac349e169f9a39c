"""Who may do what, one rule for every app (reporting, risks, accountability).

A write needs the **role** that may write **and** the **scope** of the object: never
membership of a unit alone.

- Roles (plan.roles) resolve in this order: Planeación (or superuser) > Directivo > Reportante.
  Planeación who is also a unit member is Planeación. A Directivo never writes, whatever
  other group or unit membership they hold (a Reportante promoted to Directivo loses write
  access). A Reportante writes only within the units it is a member of.
- Scope, in two parts:
  - the **organisation** that owns an object (``ORG_PATHS``: the plan's, the risk register's,
    the accountability strategy's organisation). Planeación and Directivo hold their role in
    an entity, a sector or the district (``plan.assignments``): an entity's planning office
    manages and reviews only its own organisation's objects; a sector's planning office manages
    the sector organisation's (the sector plan it consolidates) and reads its entities'; a
    director reads its scope; the district scope is everything. Objects whose responsible
    unit belongs to an organisation in scope are readable (and reportable by its planning
    office): an entity reports its units' indicators of the sector plan.
  - the **unit** an object belongs to (``UNIT_PATHS``): a Reportante's scope.
  The permission is applied inside the query (NetBox style): ``restrict(queryset, user,
  action)``; ``can(user, action, obj)`` is the same rule for one object.

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

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from plan import roles
from plan.choices import OrganisationKind

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
    "risks.actionactivity": "risk__responsible_unit",
    "accountability.commitment": "responsible_unit",
    "accountability.commitmentfollowup": "commitment__responsible_unit",
    "accountability.question": "answering_unit",
}

# model label -> lookup path from the model to the organisation that owns it.
ORG_PATHS = {
    "plan.organisation": "",
    "plan.unit": "organisation",
    "plan.process": "organisation",
    "plan.plan": "organisation",
    "plan.objective": "plan__organisation",
    "plan.cutoff": "plan__organisation",
    "plan.investmentproject": "organisation",
    "plan.institutionalplan": "organisation",
    "indicators.goal": "plan__organisation",
    "indicators.indicator": "plan__organisation",
    "indicators.measurement": "indicator__plan__organisation",
    "indicators.evidence": "measurement__indicator__plan__organisation",
    "risks.risk": "organisation",
    "risks.riskcutoff": "organisation",
    "risks.followup": "risk__organisation",
    "risks.action": "risk__organisation",
    "risks.actionactivity": "risk__organisation",
    "accountability.strategy": "organisation",
    "accountability.event": "strategy__organisation",
    "accountability.commitment": "event__strategy__organisation",
    "accountability.commitmentfollowup": "commitment__event__strategy__organisation",
    "accountability.question": "event__strategy__organisation",
    # The rest of the risk register and of the accountability strategy (views, admin).
    "risks.assessment": "risk__organisation",
    "risks.control": "risk__organisation",
    "risks.publishedriskversion": "risk__organisation",
    "accountability.stage": "strategy__organisation",
    "accountability.challenge": "strategy__organisation",
    "accountability.teamrole": "strategy__organisation",
    "accountability.selfassessment": "strategy__organisation",
    "accountability.improvementarea": "assessment__strategy__organisation",
    "accountability.activity": "strategy__organisation",
    "accountability.activityfollowup": "activity__strategy__organisation",
    "accountability.attendancerecord": "strategy__organisation",
    "accountability.demographicrow": "record__strategy__organisation",
    "accountability.evaluationresult": "event__strategy__organisation",
    "accountability.document": "event__strategy__organisation",
    "accountability.citizentopic": "strategy__organisation",
    # The rest of the plans (the admin).
    "plan.snapshot": "cutoff__plan__organisation",
    "plan.cutoffevent": "cutoff__plan__organisation",
    "plan.projectbudget": "project__organisation",
    "indicators.objectivelink": "objective__plan__organisation",
    "indicators.annualprogramming": "indicator__plan__organisation",
    "indicators.cutoffprogramming": "cutoff__plan__organisation",
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


def _member_units(user) -> dict[int, int]:
    """{unit id: its organisation id} of the units ``user`` is a member of (one query, cached
    on the user)."""
    cached = getattr(user, "_tablero_member_units", None)
    if cached is None:
        cached = dict(user.units.values_list("id", "organisation_id"))
        user._tablero_member_units = cached
    return cached


def unit_ids(user) -> frozenset[int]:
    """Ids of the units ``user`` is a member of (one query, cached on the user)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(_member_units(user))


def reportable_unit_ids(user) -> frozenset[int] | None:
    """Units whose objects a Reportante reports; None: the planning office (its scope is the
    organisations of ``managed_organisations``)."""
    role = write_role(user)
    if role == roles.PLANNING:
        return None
    if role == roles.REPORTER:
        return unit_ids(user)
    return frozenset()


# --- Organisation scopes -----------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Organisation ids a role manages and reads; None means every organisation.
    ``by_group``: held over the district by membership of the role's group alone."""

    manage: frozenset[int] | None
    read: frozenset[int] | None
    by_group: bool = False


EVERYTHING = Scope(None, None)
GROUP_ONLY = Scope(None, None, by_group=True)
NOTHING = Scope(frozenset(), frozenset())


def _assignments(user) -> list[tuple[str, int | None, str | None]]:
    """(role, organisation id, organisation kind) of each assignment (one query, cached)."""
    cached = getattr(user, "_tablero_assignments", None)
    if cached is None:
        cached = list(
            user.role_assignments.values_list("role", "organisation_id", "organisation__kind")
        )
        user._tablero_assignments = cached
    return cached


def prime(user, groups: set[str], assignments: list[tuple[str, int | None, str | None]]) -> None:
    """Load ``user``'s groups and assignments ((role, organisation id, organisation kind)) read
    for many people at once, so that ``role_scope`` asks nothing more (the people page)."""
    user._tablero_groups = set(groups)  # plan.roles' cache
    user._tablero_assignments = list(assignments)


def _entities_of(user, sector_ids: frozenset[int]) -> frozenset[int]:
    if not sector_ids:
        return frozenset()
    cached = getattr(user, "_tablero_sector_entities", None)
    if cached is None:
        from plan.models import Organisation

        cached = frozenset(
            Organisation.objects.filter(sector_id__in=sector_ids).values_list("id", flat=True)
        )
        user._tablero_sector_entities = cached
    return cached


def role_scope(user, role: str) -> Scope:
    """The organisations ``user`` manages and reads as ``role`` (AssignedRole value).

    A member of the role's group without any assignment of that role holds it over the
    district (the single-entity deployment); so does an assignment without organisation."""
    from plan.assignments import AssignedRole

    held = roles.is_planning(user) if role == AssignedRole.PLANNING else roles.is_director(user)
    if not held:
        return NOTHING
    if user.is_superuser and role == AssignedRole.PLANNING:
        return EVERYTHING
    rows = [(org, kind) for r, org, kind in _assignments(user) if r == role]
    if not rows:
        return GROUP_ONLY
    if any(org is None for org, _ in rows):
        return EVERYTHING
    own = frozenset(org for org, _ in rows)
    sectors = frozenset(org for org, kind in rows if kind == OrganisationKind.SECTOR)
    return Scope(manage=own, read=own | _entities_of(user, sectors))


def managed_organisations(user) -> frozenset[int] | None:
    """Organisations whose plans ``user`` configures, reviews, closes and publishes."""
    from plan.assignments import AssignedRole

    return role_scope(user, AssignedRole.PLANNING).manage


def draft_organisations(user) -> frozenset[int] | None:
    """Organisations whose every report, drafts included, ``user`` reads as planning office or
    director (a Reportante reads drafts by unit: ``restrict``). None: every organisation."""
    from plan.assignments import AssignedRole

    planning = role_scope(user, AssignedRole.PLANNING).read
    director = role_scope(user, AssignedRole.DIRECTOR).read
    if planning is None or director is None:
        return None
    return planning | director


def _reading(user) -> tuple[frozenset[int] | None, bool]:
    """THE read rule (DOMAIN.md, «Who may do what, at district scale»): (the organisations
    ``user`` reads by role, planning office or director: ``draft_organisations``; whether the
    organisations of its units add to them, a Reportante's). None: every organisation."""
    if not user.is_authenticated:
        return frozenset(), False
    if user.is_superuser:
        return None, False
    orgs: frozenset[int] = frozenset()
    if roles.is_planning(user) or roles.is_director(user):
        orgs = draft_organisations(user)
        if orgs is None:
            return None, False
    return orgs, roles.is_reporter(user)


def read_organisations(user) -> frozenset[int] | None:
    """The organisations whose plans and internal registers (risk map, accountability) ``user``
    reads (``_reading``): a unit reads its entity's. None: every organisation. Plans add those
    an organisation read reports in: ``read_plans_q``."""
    orgs, with_units = _reading(user)
    if orgs is None or not with_units:
        return orgs
    return orgs | frozenset(_member_units(user).values())


def read_organisations_q(user, path: str = "id") -> Q | None:
    """``read_organisations`` as a filter on the organisation id at ``path`` (None: every
    organisation); the units' organisations are a subquery unless already cached."""
    orgs, with_units = _reading(user)
    if orgs is None:
        return None
    q = Q(**{f"{path}__in": orgs})
    if with_units:
        q |= Q(**{f"{path}__in": _unit_organisations(user)})
    return q


def read_plans_q(user) -> Q | None:
    """The plans ``user`` reads, a filter on Plan (None: every plan): those of the
    organisations read and those with an indicator reported by a unit of one of them (an
    entity reads the sector plan its units report in). Subqueries: no round trip besides the
    user's cached assignments (the directors' pages and the district overview use it)."""
    in_orgs = read_organisations_q(user, "organisation_id")
    if in_orgs is None:
        return None
    from indicators.models import Indicator

    reported = Indicator.objects.filter(
        read_organisations_q(user, "responsible_unit__organisation_id")
    )
    return in_orgs | Q(id__in=reported.values("plan_id"))


def _unit_organisations(user):
    """The organisations of ``user``'s units: the cached ids, or a subquery (no round trip)."""
    cached = getattr(user, "_tablero_member_units", None)
    if cached is not None:
        return frozenset(cached.values())
    from plan.models import Unit

    return Unit.objects.filter(members=user).values("organisation_id")


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


def _path(paths: dict, label: str) -> str:
    if label not in paths:
        raise KeyError(f"No path for {label}: add it to plan.permissions.ORG_PATHS/UNIT_PATHS")
    return paths[label]


def _lookup(path: str, suffix: str) -> str:
    return f"{path}__{suffix}" if path else suffix


def _org_q(label: str, orgs: frozenset[int] | None, via_unit: bool) -> Q | None:
    """Rows owned by (or, ``via_unit``, whose unit belongs to) ``orgs``; None: every row."""
    if orgs is None:
        return None
    q = Q(**{_lookup(_path(ORG_PATHS, label), "id__in"): orgs})
    if via_unit and label in UNIT_PATHS:
        q |= Q(**{_lookup(UNIT_PATHS[label], "organisation_id__in"): orgs})
    return q


def _unit_q(label: str, units: frozenset[int]) -> Q:
    return Q(**{_lookup(_path(UNIT_PATHS, label), "id__in"): units})


def _reporter_read_q(label: str, user) -> Q:
    """A Reportante reads its units' reports, and what was approved within its organisations."""
    own = _unit_q(label, unit_ids(user)) if label in UNIT_PATHS else Q(pk__in=())
    approved = APPROVED.get(label)
    if approved is None:
        return own
    orgs = frozenset(_member_units(user).values())
    return own | (approved & _org_q(label, orgs, via_unit=True))


def _scope_q(queryset: QuerySet, user, action: str) -> Q | None:
    """The filter of ``action`` for ``user`` on ``queryset``'s model; None: no filter."""
    label = _label(queryset.model)
    planning = roles.is_planning(user)
    if action in (MANAGE, REVIEW):
        return (
            _org_q(label, managed_organisations(user), via_unit=False) if planning else Q(pk__in=())
        )
    clauses = []
    if action == REPORT:
        if planning:
            clauses.append(_org_q(label, managed_organisations(user), via_unit=True))
        if roles.is_reporter(user) and not (roles.is_director(user) and not planning):
            clauses.append(_unit_q(label, unit_ids(user)))
    else:
        if planning or roles.is_director(user):
            clauses.append(_org_q(label, draft_organisations(user), via_unit=True))
        if roles.is_reporter(user):
            clauses.append(_reporter_read_q(label, user))
    if any(c is None for c in clauses):
        return None
    q = Q(pk__in=())
    for clause in clauses:
        q |= clause
    return q


def restrict(queryset: QuerySet, user, action: str) -> QuerySet:
    """``queryset`` narrowed to the rows ``user`` may ``action`` (inside the query)."""
    if action not in ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    q = _scope_q(queryset, user, action)
    return queryset if q is None else queryset.filter(q)


def _anything(user, action: str) -> bool:
    if roles.is_planning(user):
        return True
    if action in (MANAGE, REVIEW):
        return False
    if action == READ:
        return roles.is_director(user) or roles.is_reporter(user)
    return bool(reportable_unit_ids(user))


def _unrestricted(user, action: str) -> bool:
    """Whether ``user`` may ``action`` on every object (no query needed)."""
    if user.is_superuser:
        return True
    if action == READ:
        return (roles.is_planning(user) or roles.is_director(user)) and draft_organisations(
            user
        ) is None
    return roles.is_planning(user) and managed_organisations(user) is None


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` on ``obj``? Without ``obj``: on anything at all."""
    if action not in ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        return False
    if obj is None:
        return _anything(user, action)
    if _unrestricted(user, action):
        return True
    if action == REPORT and write_role(user) == roles.REPORTER:
        return _unit_id_of(obj) in unit_ids(user)
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


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
