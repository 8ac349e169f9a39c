"""Reopen a closed or published cutoff, with its reason.

    python manage.py reopen_cutoff --plan pai-2024 --cutoff 31/03/2024 --user planeacion \
        --reason "Corrección del reporte de la meta 2276"
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from reporting import services
from reporting.management.commands._common import WorkflowCommand, get_cutoff, get_user


class Command(WorkflowCommand, BaseCommand):
    help = _("Reabre un corte cerrado o publicado, con un motivo.")

    def add_arguments(self, parser):
        self.add_cutoff_arguments(parser)
        parser.add_argument("--reason", required=True, help=_("motivo para reabrir"))

    def handle(self, *args, plan, cutoff, user, reason, **options):
        with override("es"):
            target = get_cutoff(plan, cutoff)
            self.run(lambda: services.reopen_cutoff(target, get_user(user), reason))
            self.stdout.write(_("El corte quedó abierto de nuevo."))
