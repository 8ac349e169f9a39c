"""Write a plan's structure workbook, or the blank template.

python manage.py export_structure --plan pai-2024 --output estructura.xlsx
python manage.py export_structure --blank --output plantilla.xlsx
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from reporting.management.commands._common import get_plan, write_file
from reporting.structure_workbook import export_structure


class Command(BaseCommand):
    help = _("Exporta la estructura de un plan (.xlsx) o la plantilla en blanco.")

    def add_arguments(self, parser):
        parser.add_argument("--plan", help=_("identificador del plan"))
        parser.add_argument("--blank", action="store_true", help=_("plantilla en blanco"))
        parser.add_argument("--output", required=True, help=_("archivo .xlsx que se escribe"))

    def handle(self, *args, plan, blank, output, **options):
        with override("es"):
            if bool(plan) == bool(blank):
                raise CommandError(_("Indique --plan o --blank (uno de los dos)."))
            write_file(output, export_structure(None if blank else get_plan(plan)))
            self.stdout.write(_("Escrito: %(p)s") % {"p": output})
