import time

from django.core.management.base import BaseCommand, CommandError

from plan import list_order
from plan.models import Plan
from synthetic.design import SIZES, design_plans
from synthetic.writer import publish_latest, write_plans

BATCH = 50  # plans written per transaction


class Command(BaseCommand):
    help = (
        "Genera planes sintéticos realistas con semilla fija: S (solo los datos semilla), "
        "M (60 planes) o L (1.100 planes, unos 1,7 millones de mediciones)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="M")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-publish", action="store_true", help="No guardar las publicaciones (snapshots)."
        )

    def handle(self, *args, size, seed, no_publish, **options):
        count = SIZES[size]
        if Plan.objects.filter(slug__startswith="sintetico-").exists():
            raise CommandError(
                "Ya hay planes sintéticos en la base de datos; use una base de datos limpia."
            )
        started = time.monotonic()
        totals: dict[str, int] = {}
        batch = []
        for design in design_plans(count, seed):
            batch.append(design)
            if len(batch) == BATCH:
                self._write(batch, totals, started)
                batch = []
        if batch:
            self._write(batch, totals, started)
        list_order.renumber()  # once: the batches leave the district's list order to it
        if not no_publish and count:
            slugs = [f"sintetico-{n:04d}" for n in range(1, count + 1)]
            published = publish_latest(slugs)
            self.stdout.write(f"Publicados {published} cortes.")
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{k}: {v}" for k, v in totals.items())
        self.stdout.write(self.style.SUCCESS(f"Tamaño {size} en {elapsed:.1f} s. {summary}"))

    def _write(self, batch, totals, started):
        for key, value in write_plans(batch, renumber=False).items():
            totals[key] = totals.get(key, 0) + value
        self.stdout.write(
            f"{totals['plans']} planes, {totals['measurements']} mediciones "
            f"({time.monotonic() - started:.0f} s)"
        )
