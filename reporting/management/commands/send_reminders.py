"""E-mail each reporter the measurements still missing N days before a cutoff's deadline.

Cron-friendly: run it once a day (e.g. ``0 7 * * * python manage.py send_reminders --days 3``);
it writes to the cutoffs whose deadline is exactly N days after today, so each reporter gets
one reminder per cutoff and per N. Idempotent within a day only in the sense that running it
twice sends twice: schedule it once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from reporting.reminders import reminders_for


class Command(BaseCommand):
    help = _(
        "Envía a cada reportante la lista de sus mediciones faltantes N días antes de la "
        "fecha límite de cada corte abierto."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, required=True, help=_("días antes de la fecha límite")
        )
        parser.add_argument(
            "--today", help=_("fecha de hoy (AAAA-MM-DD), para pruebas; por defecto, hoy")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("muestra los mensajes sin enviarlos")
        )

    def handle(self, *args, days, today, dry_run, **options):
        if days < 0:
            raise CommandError(_("--days debe ser 0 o más."))
        try:
            today = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(_("--today debe tener la forma AAAA-MM-DD.")) from None
        with override("es"):
            messages = reminders_for(today + datetime.timedelta(days=days))
            datatuples = [
                (m.subject, m.body, settings.DEFAULT_FROM_EMAIL, [m.email]) for m in messages
            ]
            if dry_run:
                for m in messages:
                    self.stdout.write(f"{m.email}: {m.subject}")
            else:
                send_mass_mail(datatuples, fail_silently=False)
            self.stdout.write(
                _("%(n)s recordatorios %(what)s.")
                % {"n": len(messages), "what": _("por enviar") if dry_run else _("enviados")}
            )
