from django.core.management.base import BaseCommand, CommandError

from plan.seed import SeedError, load_seed, read_seed, seed_files


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
        # Accountability reports need the plans above (organisation, units, objectives).
        from accountability.seed import load_all as load_accountability

        try:
            strategies = load_accountability()
        except SeedError as error:
            raise CommandError(f"fixtures/accountability/: {error}") from error
        for strategy in strategies:
            self.stdout.write(f"rendición de cuentas: {strategy}")
