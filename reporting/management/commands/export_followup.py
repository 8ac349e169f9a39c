"""Write the follow-up workbook of a cutoff, as the page offers it to ``--user``.

    python manage.py export_followup --plan pai-2024 --cutoff 31/03/2024 --user planeacion \
        --output seguimiento.xlsx
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from plan import permissions, roles, scoping
from reporting.importing import export_followup
from reporting.management.commands._common import (
    WorkflowCommand,
    get_cutoff,
    get_user,
    write_file,
)


class Command(WorkflowCommand, BaseCommand):
    help = _("Exporta el libro de seguimiento de un corte (.xlsx).")

    def add_arguments(self, parser):
        self.add_cutoff_arguments(parser)
        parser.add_argument("--output", required=True, help=_("archivo .xlsx que se escribe"))

    def handle(self, *args, plan, cutoff, user, output, **options):
        from django.core.management.base import CommandError

        with override("es"):
            target = get_cutoff(plan, cutoff)
            person = get_user(user)
            if not roles.can_view_internal(person):
                raise CommandError(
                    _("El usuario «%(u)s» no tiene un rol en Tablero.") % {"u": user}
                )
            if not scoping.plans(person, permissions.READ).filter(pk=target.plan_id).exists():
                raise CommandError(
                    _("El plan «%(p)s» está fuera del alcance del usuario «%(u)s».")
                    % {"p": plan, "u": user}
                )
            write_file(output, export_followup(target, person))
            self.stdout.write(_("Escrito: %(p)s") % {"p": output})
