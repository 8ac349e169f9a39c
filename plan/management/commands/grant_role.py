"""``manage.py grant_role USER ROLE (--organisation CODE | --sector CODE | --unit CODE |
--district)``: give a person a role where it applies (plan.people)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plan import people


def add_scope_arguments(parser) -> None:
    parser.add_argument("user", help=_("nombre de usuario"))
    parser.add_argument("role", help=_("Planeación, Directivo o Reportante"))
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--organisation", default="", help=_("código de la entidad"))
    scope.add_argument("--sector", default="", help=_("código del sector"))
    scope.add_argument("--unit", default="", help=_("ORGANIZACIÓN/DEPENDENCIA"))
    scope.add_argument("--district", action="store_true", help=_("todo el distrito"))


def parse(options) -> tuple:
    """(user, role, where) from the command's options; CommandError in Spanish otherwise."""
    user = get_user_model().objects.filter(username=options["user"]).first()
    if user is None:
        raise CommandError(_("No existe el usuario «%(u)s».") % {"u": options["user"]})
    try:
        role = people.role_of(options["role"])
        place = people.where(
            organisation=options["organisation"],
            sector=options["sector"],
            unit=options["unit"],
            district=options["district"],
        )
    except people.RoleError as error:
        raise CommandError(str(error)) from error
    return user, role, place


class RoleCommand(BaseCommand):
    """Shared by grant_role and revoke_role: parse USER ROLE and a scope, apply ``change``
    (plan.people.grant or revoke), say whether anything changed."""

    done = unchanged = ""

    def change(self, user, role, place) -> bool:
        raise NotImplementedError

    def add_arguments(self, parser):
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        user, role, place = parse(options)
        try:
            changed = self.change(user, role, place)
        except people.RoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(self.done if changed else self.unchanged)))


class Command(RoleCommand):
    help = _(
        "Otorga un rol a una persona en una entidad, un sector, una dependencia o el distrito."
    )
    done = gettext_lazy("Rol otorgado.")
    unchanged = gettext_lazy("La persona ya tenía ese rol.")

    def change(self, user, role, place) -> bool:
        return people.grant(user, role, place)
