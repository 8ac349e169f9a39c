"""Publish a closed cutoff. Every plausibility flag must be confirmed with a reason; without
them the command lists the flags and their keys and publishes nothing.

    python manage.py publish_cutoff --plan pai-2024 --cutoff 31/03/2024 --user planeacion \
        [--confirm "progress_above_200:4075" "Meta superada por demanda"] [--reason ...]
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from reporting import plausibility, services
from reporting.management.commands._common import WorkflowCommand, get_cutoff, get_user


class Command(WorkflowCommand, BaseCommand):
    help = _("Publica un corte cerrado (cada alerta confirmada con un motivo).")

    def add_arguments(self, parser):
        self.add_cutoff_arguments(parser)
        parser.add_argument("--reason", default="", help=_("motivo de la corrección"))
        parser.add_argument(
            "--confirm",
            nargs=2,
            action="append",
            default=[],
            metavar=("CLAVE", "MOTIVO"),
            help=_("confirma una alerta con su motivo; repetible"),
        )

    def handle(self, *args, plan, cutoff, user, reason, confirm, **options):
        with override("es"):
            target = get_cutoff(plan, cutoff)
            person = get_user(user)
            confirmations = {key: text for key, text in confirm}
            flags = services.publication_flags(target)
            known = {flag.key for flag in flags}
            unknown = sorted(set(confirmations) - known)
            if unknown:
                raise CommandError(
                    _("Estas alertas no existen en el corte: %(k)s") % {"k": ", ".join(unknown)}
                )
            pending = plausibility.unconfirmed(flags, confirmations)
            for flag in pending:
                self.stderr.write(f"{flag.key} · {flag.name}: {flag.message}")
            if pending:
                raise CommandError(
                    _(
                        "%(n)s alertas sin confirmar: no se publicó nada. Confirme cada una con "
                        '--confirm CLAVE "motivo" o corrija los valores.'
                    )
                    % {"n": len(pending)}
                )
            event = self.run(lambda: services.publish_cutoff(target, person, reason, confirmations))
            self.stdout.write(_("Corte publicado (versión %(v)s).") % {"v": event.snapshot.version})
