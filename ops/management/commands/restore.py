from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaura la base de datos desde una copia hecha con «backup»."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True)

    def handle(self, *args, file, **options):
        try:
            restore(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Base de datos restaurada desde {file}"))
