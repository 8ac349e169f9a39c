"""Approve every report under review of a cutoff (or of one unit), through the single review
service: with four eyes on, the user's own submissions are left out and listed.

    python manage.py approve --plan pai-2024 --cutoff 31/03/2024 --user planeacion [--unit DTH]
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from plan.models import Unit
from reporting import cycle
from reporting.management.commands._common import WorkflowCommand, get_cutoff, get_user
from reporting.workflow import APPROVE


class Command(WorkflowCommand, BaseCommand):
    help = _("Aprueba los reportes enviados a revisión de un corte (o de una dependencia).")

    def add_arguments(self, parser):
        self.add_cutoff_arguments(parser)
        parser.add_argument("--unit", help=_("código de la dependencia"))

    def handle(self, *args, plan, cutoff, user, unit, **options):
        with override("es"):
            target = get_cutoff(plan, cutoff)
            person = get_user(user)
            chosen = None
            if unit:
                chosen = Unit.objects.filter(
                    organisation_id=target.plan.organisation_id, code=unit
                ).first()
                if chosen is None:
                    raise CommandError(_("No existe la dependencia «%(c)s».") % {"c": unit})
            ids = list(cycle.reviewable(target, APPROVE, chosen).values_list("id", flat=True))
            result = self.run(lambda: cycle.review_many(target, person, ids, APPROVE))
            self.stdout.write(_("%(n)s reportes aprobados.") % {"n": len(result.done)})
            if result.own:
                self.stderr.write(
                    _(
                        "No se aprobaron %(n)s reportes que %(u)s envió (cuatro ojos): "
                        "%(names)s. Otra persona de Planeación debe aprobarlos."
                    )
                    % {"n": len(result.own), "u": user, "names": result.own_names()}
                )
