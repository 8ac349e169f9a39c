from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from risks.methodology import DEFAULT_FILE, MethodologyError, install, read_methodology


class Command(BaseCommand):
    help = (
        "Instala una versión de la metodología de riesgos desde su archivo YAML (por defecto "
        "la guía DAFP v6 que trae Tablero). Una versión ya instalada no se modifica."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument(
            "--no-vigente",
            action="store_true",
            help="Instalarla sin volverla la metodología vigente.",
        )

    def handle(self, *args, path, no_vigente, **options):
        try:
            methodology = install(read_methodology(Path(path)), current=not no_vigente)
        except (OSError, MethodologyError, KeyError) as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(f"{methodology.code}: {methodology.name}")
