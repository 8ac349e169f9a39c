import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copia de seguridad consistente de la base de datos (pg_dump o copia de SQLite)."

    def add_arguments(self, parser):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        parser.add_argument("--file", default=f"backups/tablero-{stamp}.backup")

    def handle(self, *args, file, **options):
        try:
            path = backup(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Copia guardada en {path}"))
