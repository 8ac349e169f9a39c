from django.core.management.base import BaseCommand, CommandError

from plan.models import Organisation
from risks.methodology import current
from risks.services import create_cutoffs


class Command(BaseCommand):
    help = (
        "Crea los cortes de seguimiento del mapa de riesgos de una entidad para una vigencia "
        "(30/04, 31/08 y 31/12 según la metodología vigente), con su fecha límite de reporte."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="Código de la entidad, por ejemplo SG.")
        parser.add_argument("year", type=int)

    def handle(self, *args, organisation, year, **options):
        try:
            org = Organisation.objects.get(code=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"La entidad {organisation} no existe.") from None
        methodology = current()
        if methodology is None:
            raise CommandError("No hay una metodología de riesgos vigente.")
        for cutoff in create_cutoffs(org, year, methodology):
            self.stdout.write(
                f"{cutoff.date:%d/%m/%Y} (reporte hasta el {cutoff.deadline:%d/%m/%Y})"
            )
