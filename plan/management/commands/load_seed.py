from django.core.management.base import BaseCommand, CommandError

from plan.seed import SeedError, load_app_seeds, load_seed, read_seed, seed_files


class Command(BaseCommand):
    help = "Carga los datos semilla de fixtures/seed/ (los informes publicados). Idempotente."

    def handle(self, *args, **options):
        files = seed_files()
        if not files:
            raise CommandError("No hay archivos en fixtures/seed/.")
        for path in files:
            try:
                plan = load_seed(read_seed(path))
            except SeedError as error:
                raise CommandError(f"{path.name}: {error}") from error
            self.stdout.write(f"{path.name}: {plan} ({plan.indicators.count()} indicadores)")
        try:
            summaries = load_app_seeds()
        except SeedError as error:
            raise CommandError(str(error)) from error
        for summary in summaries:
            self.stdout.write(summary)
