"""Import a follow-up workbook from the command line (the office's batch work).

    python manage.py import_followup libro.xlsx --plan pes-2024-2027 --cutoff 2026-03-31 \
        --user planeacion [--dry-run] [--approve]

Same checks and the same single transaction as the web upload; any error: nothing imported
and the command exits with an error listing every problem with its sheet, row and column.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from reporting.importing import run_followup_import
from reporting.management.commands._common import (
    add_import_arguments,
    get_cutoff,
    get_user,
    read_file,
    refuse_errors,
)
from reporting.workflow import TransitionError


class Command(BaseCommand):
    help = _("Importa el libro de seguimiento de un corte (.xlsx).")

    def add_arguments(self, parser):
        add_import_arguments(parser, _("usuario que importa (historial)"))
        parser.add_argument("--plan", required=True, help=_("identificador del plan"))
        parser.add_argument(
            "--cutoff", required=True, help=_("fecha de corte dd/mm/aaaa o aaaa-mm-dd")
        )
        parser.add_argument(
            "--approve",
            action="store_true",
            help=_("aprueba al cargar (solo Planeación y solo sin cuatro ojos: FOUR_EYES)"),
        )

    def handle(self, *args, path, plan, cutoff, user, dry_run, approve, **options):
        with override("es"):
            target = get_cutoff(plan, cutoff)
            content = read_file(path)

            def progress(done, total):
                self.stdout.write(_("… fila %(n)s de %(t)s") % {"n": done, "t": total})

            try:
                result = run_followup_import(
                    content,
                    target,
                    get_user(user),
                    dry_run=dry_run,
                    progress=progress,
                    approve=approve,
                )
            except TransitionError as error:
                raise CommandError(error.message) from None
            refuse_errors(self.stderr, result.errors)
            counts = result.counts
            self.stdout.write(
                _("%(mode)s: %(new)s nuevos, %(updated)s actualizados, %(same)s sin cambios.")
                % {
                    "mode": _("Revisión (nada guardado)") if dry_run else _("Importado"),
                    "new": counts["new"],
                    "updated": counts["updated"],
                    "same": counts["unchanged"],
                }
            )
