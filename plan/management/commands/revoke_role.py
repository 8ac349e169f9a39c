"""``manage.py revoke_role USER ROLE (--organisation CODE | --sector CODE | --unit CODE |
--district)``: take a role back (plan.people)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plan import people
from plan.management.commands.grant_role import RoleCommand


class Command(RoleCommand):
    help = _(
        "Retira un rol de una persona en una entidad, un sector, una dependencia o el distrito."
    )
    done = gettext_lazy("Rol retirado.")
    unchanged = gettext_lazy("La persona no tenía ese rol.")

    def change(self, user, role, place) -> bool:
        return people.revoke(user, role, place)
