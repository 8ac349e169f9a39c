from django.core.management.base import BaseCommand, CommandError

from publication.seed import SeedError, load_everything


class Command(BaseCommand):
    help = (
        "Carga los datos semilla (informes publicados): planes de fixtures/seed/ y lo que se "
        "apoya en ellos (rendición de cuentas, riesgos). Idempotente."
    )

    def handle(self, *args, **options):
        try:
            loaded = load_everything()
        except SeedError as error:
            raise CommandError(str(error)) from error
        for plan in loaded["plans"]:
            self.stdout.write(f"{plan} ({plan.indicators.count()} indicadores)")
        for summary in loaded["summaries"]:
            self.stdout.write(summary)
