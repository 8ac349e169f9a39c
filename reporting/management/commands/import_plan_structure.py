"""Set up or update a plan's structure from the structure workbook (.xlsx).

python manage.py import_plan_structure estructura.xlsx --user planeacion [--dry-run] \
    [--update-existing]

A file whose «Identificador» is an existing plan's changes that plan only with
--update-existing (the preview, --dry-run, says so).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import override

from reporting.management.commands._common import (
    add_import_arguments,
    get_user,
    read_file,
    refuse_errors,
)
from reporting.structure_write import run_structure_import


class Command(BaseCommand):
    help = _("Importa la estructura de un plan desde Excel (.xlsx).")

    def add_arguments(self, parser):
        add_import_arguments(parser, _("usuario de Planeación que importa"))
        parser.add_argument(
            "--update-existing",
            action="store_true",
            help=_("confirma que el libro actualiza un plan que ya existe"),
        )

    def handle(self, *args, path, user, dry_run, update_existing, **options):
        with override("es"):
            content = read_file(path)

            def progress(sheet, n):
                self.stdout.write(_("… %(sheet)s: %(n)s filas") % {"sheet": sheet, "n": n})

            result = run_structure_import(
                content,
                get_user(user),
                dry_run=dry_run,
                progress=progress,
                update_existing=update_existing,
            )
            refuse_errors(self.stderr, result.errors)
            for warning in result.warnings:  # accepted, with a note (historical data)
                self.stdout.write(_("Advertencia") + f": {warning}")
            for count in result.counts.values():
                self.stdout.write(
                    f"{count.sheet}: {count.new} {_('nuevos')}, {count.updated} "
                    f"{_('actualizados')}, {count.unchanged} {_('sin cambios')}"
                )
            if result.updates_existing:
                self.stdout.write(
                    _("Este libro actualiza el plan existente «%(name)s».")
                    % {"name": result.existing_plan}
                )
            self.stdout.write(
                _("Revisión (nada guardado).") if dry_run else _("Estructura importada.")
            )
