"""Close a cutoff. Indicators programmed without an approved report are listed by name; to
close anyway, give the reason.

    python manage.py close_cutoff --plan pai-2024 --cutoff 31/03/2024 --user planeacion \
        [--reason "La dependencia no reportó a tiempo"]
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from indicators.models import Indicator
from reporting import services
from reporting.management.commands._common import WorkflowCommand, get_cutoff, get_user


class Command(WorkflowCommand, BaseCommand):
    help = _("Cierra un corte (con --reason si faltan reportes aprobados).")

    def add_arguments(self, parser):
        self.add_cutoff_arguments(parser)
        parser.add_argument("--reason", default="", help=_("motivo para cerrar sin esos reportes"))

    def handle(self, *args, plan, cutoff, user, reason, **options):
        with override("es"):
            target = get_cutoff(plan, cutoff)
            person = get_user(user)
            missing = Indicator.objects.filter(
                id__in=services.missing_indicator_ids(target)
            ).select_related("responsible_unit")
            for indicator in missing:
                unit = indicator.responsible_unit.name if indicator.responsible_unit else "—"
                self.stderr.write(
                    _("Sin reporte aprobado: %(code)s %(name)s (%(unit)s)")
                    % {"code": indicator.code or "—", "name": indicator.name[:80], "unit": unit}
                )
            if missing and not reason.strip():
                raise CommandError(
                    _(
                        "%(n)s indicadores programados no tienen reporte aprobado: para cerrar "
                        "de todos modos escriba el motivo con --reason."
                    )
                    % {"n": len(missing)}
                )
            self.run(
                lambda: services.close_cutoff(target, person, override=bool(missing), reason=reason)
            )
            self.stdout.write(_("El corte quedó cerrado."))
