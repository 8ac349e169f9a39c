"""``manage.py revoke_role USER ROLE (--organisation CODE | --sector CODE | --unit CODE |
--district)``: take a role back (plan.people)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plan import people
from plan.management.commands.grant_role import add_scope_arguments, parse


class Command(BaseCommand):
    help = _(
        "Retira un rol de una persona en una entidad, un sector, una dependencia o el distrito."
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        user, role, place = parse(options)
        try:
            held = people.revoke(user, role, place)
        except people.RoleError as error:
            raise CommandError(str(error)) from error
        message = _("Rol retirado.") if held else _("La persona no tenía ese rol.")
        self.stdout.write(self.style.SUCCESS(message))
