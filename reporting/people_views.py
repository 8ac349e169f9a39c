"""«Personas»: the planning office sees who holds a role within its scope, gives roles and
takes them back (plan.people; the same service as manage.py grant_role/revoke_role).

An entity's office manages its own entity's people and units; a sector's office its sector
organisation's; a district office everybody's. A row outside the scope answers 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plan import people, permissions, scoping
from plan.assignments import RoleAssignment
from plan.models import Unit
from reporting.people_forms import GrantForm
from reporting.views import planning_view

PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    username: str
    name: str
    role: str
    where: str
    granted: str
    key: str  # what the «Retirar» button posts
    planning: bool = False  # a Planning role: its holder cannot take it from themself

    def revocable_by(self, user) -> bool:
        """Whether ``user`` may take this role back (``people_revoke`` refuses otherwise)."""
        return not (self.planning and self.username == user.get_username())


def _assignment_rows(orgs) -> list[Row]:
    rows = RoleAssignment.objects.select_related("user", "organisation", "granted_by")
    return [
        Row(
            a.user.username,
            a.user.get_full_name(),
            a.get_role_display(),
            str(a.organisation or _("Todo el distrito")),
            a.granted_by.username if a.granted_by else "",
            f"a:{a.pk}",
            a.role == people.AssignedRole.PLANNING,
        )
        for a in scoping.within(rows, orgs)
    ]


def _member_rows(orgs) -> list[Row]:
    rows = Unit.members.through.objects.select_related("user", "unit__organisation")
    return [
        Row(
            m.user.username,
            m.user.get_full_name(),
            _("Reportante"),
            f"{m.unit.name} ({m.unit.organisation})",
            "",
            f"m:{m.unit_id}:{m.user_id}",
        )
        for m in scoping.within(rows, orgs, "unit__organisation_id")
    ]


def _group_members() -> list:
    """Members of the role groups, with their groups and assignments loaded
    (``permissions.prime``). Two queries."""
    members: dict[int, tuple] = {}
    through = get_user_model().groups.through.objects.select_related("user", "group")
    for m in through.filter(group__name__in=people.GROUPS.values()).order_by("user_id"):
        members.setdefault(m.user_id, (m.user, set()))[1].add(m.group.name)
    held = defaultdict(list)
    for user_id, *row in RoleAssignment.objects.filter(user_id__in=members).values_list(
        "user_id", "role", "organisation_id", "organisation__kind"
    ):
        held[user_id].append(tuple(row))
    for user, groups in members.values():
        permissions.prime(user, groups, held[user.pk])
    return [user for user, _groups in members.values()]


def _group_rows(orgs) -> list[Row]:
    """Who holds a role over the district by its group alone (``permissions.role_scope``:
    the single entity's deployment); only the district's office sees them."""
    if orgs is not None:
        return []
    rows = []
    where = _("Todo el distrito (grupo, sin alcance asignado)")
    for user in _group_members():
        for role in people.GROUPS:
            if permissions.role_scope(user, role).by_group:
                label = _("Planeación") if role == people.AssignedRole.PLANNING else _("Directivo")
                key = f"g:{role}:{user.pk}"
                planning = role == people.AssignedRole.PLANNING
                rows.append(
                    Row(user.username, user.get_full_name(), label, where, "", key, planning)
                )
    return rows


def team(orgs) -> list[Row]:
    """Everybody holding a role within ``orgs`` (None: everywhere), by username. 4 queries."""
    rows = _assignment_rows(orgs) + _member_rows(orgs) + _group_rows(orgs)
    return sorted(rows, key=lambda r: (r.username.casefold(), r.role, r.where))


@planning_view
def people_page(request):
    orgs = permissions.managed_organisations(request.user)
    form = GrantForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = people.grant(data["username"], data["role"], data["where"], by=request.user)
        text = _("Rol otorgado.") if created else _("La persona ya tenía ese rol.")
        messages.success(request, text)
        return redirect("reporting:people")
    page = Paginator(team(orgs), PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [(row, row.revocable_by(request.user)) for row in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "district": orgs is None}
    return render(request, "reporting/people.html", context, status=400 if form.errors else 200)


def _revocation(key: str, orgs):
    """(user, role, where) of the row ``key`` names, or 404 outside the office's scope."""
    kind, _sep, rest = key.partition(":")
    try:
        if kind == "a":
            found = RoleAssignment.objects.select_related("user", "organisation").get(pk=int(rest))
            if orgs is not None and found.organisation_id not in orgs:
                raise Http404
            return found.user, found.role, people.place_of_assignment(found)
        if kind == "m":
            unit_id, _sep, user_id = rest.partition(":")
            unit = Unit.objects.get(pk=int(unit_id), members__pk=int(user_id))
            if orgs is not None and unit.organisation_id not in orgs:
                raise Http404
            user = get_user_model().objects.get(pk=int(user_id))
            return user, people.REPORTER, people.Where(people.UNIT, unit=unit)
        if kind == "g" and orgs is None:
            role, _sep, user_id = rest.partition(":")
            return get_user_model().objects.get(pk=int(user_id)), role, None
    except (ValueError, RoleAssignment.DoesNotExist, Unit.DoesNotExist):
        raise Http404 from None
    except get_user_model().DoesNotExist:
        raise Http404 from None
    raise Http404


@require_POST
@planning_view
def people_revoke(request):
    orgs = permissions.managed_organisations(request.user)
    user, role, place = _revocation(request.POST.get("key", ""), orgs)
    if user.pk == request.user.pk and role == people.AssignedRole.PLANNING:
        messages.error(request, _("No puede retirarse a sí mismo el rol de Planeación."))
        return redirect("reporting:people")
    if place is None:
        user.groups.remove(*Group.objects.filter(name=people.GROUPS.get(role, "")))
    else:
        people.revoke(user, role, place)
    messages.success(request, _("Rol retirado."))
    return redirect("reporting:people")
