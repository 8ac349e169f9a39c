"""Granting and revoking roles: one service for ``manage.py grant_role``/``revoke_role``, the
planning office's «Personas» page and the admin (DOMAIN.md, «Who may do what»).

- Planeación and Directivo are held in an organisation (an entity), a sector (an organisation
  of kind «sector») or the district (``plan.assignments.RoleAssignment``).
- Reportante is held in a unit (``Unit.members``).
The group of the role follows the assignments (receivers below): it is added with the first
assignment and removed with the last one, whatever path deleted it (admin, cascade), so that
revoking a scoped role never leaves a bare group member, who would hold the district's scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from plan import roles
from plan.assignments import AssignedRole, RoleAssignment  # noqa: F401  (re-exported)
from plan.choices import OrganisationKind
from plan.models import Organisation, Unit

GROUPS = {AssignedRole.PLANNING: roles.PLANNING, AssignedRole.DIRECTOR: roles.DIRECTOR}
REPORTER = "reporter"

# What a person may type for a role (manage.py grant_role USER ROLE).
ROLE_NAMES = {
    "planeacion": AssignedRole.PLANNING,
    "planeación": AssignedRole.PLANNING,
    "planning": AssignedRole.PLANNING,
    "directivo": AssignedRole.DIRECTOR,
    "director": AssignedRole.DIRECTOR,
    "reportante": REPORTER,
    "reporter": REPORTER,
}

ORGANISATION, SECTOR, UNIT, DISTRICT = "organisation", "sector", "unit", "district"


class RoleError(ValueError):
    """A grant or revoke that cannot be done; the message is for the person (Spanish)."""


@dataclass(frozen=True)
class Where:
    """The scope of a grant: exactly one of organisation, sector, unit or the district."""

    kind: str
    organisation: Organisation | None = None
    unit: Unit | None = None


def role_of(name: str) -> str:
    role = ROLE_NAMES.get((name or "").strip().casefold())
    if role is None:
        raise RoleError(
            _("Rol desconocido «%(name)s»: use Planeación, Directivo o Reportante.")
            % {"name": name}
        )
    return role


def where(
    *, organisation: str = "", sector: str = "", unit: str = "", district: bool = False
) -> Where:
    """The scope named by codes (``unit`` is «ORGANISATION/UNIT» or a unit code unique in
    the deployment). Exactly one must be given."""
    given = [bool(organisation), bool(sector), bool(unit), bool(district)]
    if sum(given) != 1:
        raise RoleError(
            _("Indique exactamente un alcance: --organisation, --sector, --unit o --district.")
        )
    if district:
        return Where(DISTRICT)
    if unit:
        return Where(UNIT, unit=_unit(unit))
    code = organisation or sector
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise RoleError(_("No existe la organización «%(code)s».") % {"code": code})
    is_sector = org.kind == OrganisationKind.SECTOR
    if sector and not is_sector:
        raise RoleError(_("«%(code)s» no es un sector.") % {"code": code})
    if organisation and is_sector:
        raise RoleError(_("«%(code)s» es un sector: use --sector.") % {"code": code})
    return Where(SECTOR if sector else ORGANISATION, organisation=org)


def _unit(code: str) -> Unit:
    org_code, _sep, unit_code = code.rpartition("/")
    units = Unit.objects.filter(code=unit_code)
    if org_code:
        units = units.filter(organisation__code=org_code)
    found = list(units[:2])
    if len(found) != 1:
        raise RoleError(
            _("No existe una única dependencia «%(code)s»: escriba ORGANIZACIÓN/DEPENDENCIA.")
            % {"code": code}
        )
    return found[0]


def check(role: str, place: Where) -> None:
    """Refuses a role where it is not held (reporters in units, the others above)."""
    if role == REPORTER and place.kind != UNIT:
        raise RoleError(_("El rol Reportante se asigna en una dependencia (--unit)."))
    if role != REPORTER and place.kind == UNIT:
        raise RoleError(
            _("Planeación y Directivo se asignan en una organización, un sector o el distrito.")
        )


@transaction.atomic
def grant(user, role: str, place: Where, by=None) -> bool:
    """Give ``user`` ``role`` over ``place``; False if it already held it."""
    check(role, place)
    if role == REPORTER:
        created = not place.unit.members.filter(pk=user.pk).exists()
        place.unit.members.add(user)
        user.groups.add(Group.objects.get_or_create(name=roles.REPORTER)[0])
        return created
    _assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, organisation=place.organisation, defaults={"granted_by": by}
    )
    return created


@transaction.atomic
def revoke(user, role: str, place: Where) -> bool:
    """Take ``role`` over ``place`` from ``user``; False if it did not hold it."""
    check(role, place)
    if role == REPORTER:
        held = place.unit.members.filter(pk=user.pk).exists()
        place.unit.members.remove(user)
        if not user.units.exists():
            user.groups.remove(*Group.objects.filter(name=roles.REPORTER))
        return held
    rows = RoleAssignment.objects.filter(user=user, role=role, organisation=place.organisation)
    held = rows.exists()
    for row in rows:
        row.delete()
    return held


@receiver(post_save, sender=RoleAssignment)
def _group_follows_first_assignment(sender, instance, created, **kwargs):
    if created:
        instance.user.groups.add(Group.objects.get_or_create(name=GROUPS[instance.role])[0])


@receiver(post_delete, sender=RoleAssignment)
def _group_follows_last_assignment(sender, instance, **kwargs):
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is None:  # the person itself is being deleted
        return
    if not RoleAssignment.objects.filter(user=user, role=instance.role).exists():
        user.groups.remove(*Group.objects.filter(name=GROUPS[instance.role]))


def place_of_assignment(assignment: RoleAssignment) -> Where:
    org = assignment.organisation
    if org is None:
        return Where(DISTRICT)
    kind = SECTOR if org.kind == OrganisationKind.SECTOR else ORGANISATION
    return Where(kind, organisation=org)
