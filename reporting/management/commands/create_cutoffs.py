"""Open a plan's cutoffs for a year from a periodicity, or on given dates, with the reporting
deadline in Colombian working days and «programado al corte» filled with the defaults.

    python manage.py create_cutoffs --plan pai-2024 --year 2024 --user planeacion
    python manage.py create_cutoffs --plan pai-2024 --date 31/05/2024 --working-days 5 \
        --user planeacion
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from indicators.choices import Periodicity
from plan import cutoff_calendar
from reporting import cycle
from reporting.management.commands._common import WorkflowCommand, get_date, get_plan, get_user


class Command(WorkflowCommand, BaseCommand):
    help = _("Crea los cortes de un plan con su fecha límite de reporte.")

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help=_("identificador del plan"))
        parser.add_argument("--year", type=int, help=_("vigencia: todos sus cortes"))
        parser.add_argument(
            "--periodicity",
            choices=Periodicity.values,
            help=_("por defecto, la más frecuente de los indicadores del plan"),
        )
        parser.add_argument(
            "--date", action="append", default=[], help=_("un corte (dd/mm/aaaa); repetible")
        )
        parser.add_argument("--working-days", type=int, default=cycle.DEFAULT_WORKING_DAYS)
        parser.add_argument("--user", required=True, help=_("usuario de Planeación"))

    def handle(self, *args, plan, year, periodicity, date, working_days, user, **options):
        with override("es"):
            target = get_plan(plan)
            if bool(year) == bool(date):
                raise CommandError(_("Indique --year o --date (uno de los dos)."))
            if year:
                periodicity = periodicity or cycle.plan_periodicity(target)
                dates = cutoff_calendar.period_ends(year, periodicity)
            else:
                dates = [get_date(d) for d in date]
            result = self.run(
                lambda: cycle.create_cutoffs(target, dates, get_user(user), working_days)
            )
            for cutoff in result.created:
                self.stdout.write(
                    _("Corte %(d)s creado; fecha límite de reporte %(l)s.")
                    % {"d": f"{cutoff.date:%d/%m/%Y}", "l": f"{cutoff.deadline:%d/%m/%Y}"}
                )
            for existing in result.existing:
                self.stdout.write(_("Ya existía el corte %(d)s.") % {"d": f"{existing:%d/%m/%Y}"})
