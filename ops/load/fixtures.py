"""Data the load and fault scripts need, made inside Django (run in a subprocess whose
DATABASE_URL is the scripts' own database):

    python -m ops.load.fixtures users              # a planner and a director with passwords
    python -m ops.load.fixtures open-cutoff        # PES 30/06/2026 open: "<cutoff> <indicator>"
    python -m ops.load.fixtures big-workbook N OUT # a plan of N indicators and its filled workbook
"""

from __future__ import annotations

import io
import os
import sys
from decimal import Decimal

PLANNER = ("planeacion_carga", "clave-de-carga-2026-larga")
DIRECTOR = ("directora_carga", "clave-de-carga-2026-larga")


def users():
    from django.contrib.auth.models import Group, User

    from plan.roles import DIRECTOR as DIRECTOR_GROUP
    from plan.roles import PLANNING

    for (username, password), group in [(PLANNER, PLANNING), (DIRECTOR, DIRECTOR_GROUP)]:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=group)[0])


def open_cutoff():
    from dashboards.tests.helpers import add_pes_june_cutoff
    from indicators.models import Indicator

    cutoff = add_pes_june_cutoff()
    indicator = Indicator.objects.get(plan=cutoff.plan, code="4226")  # programmed, not reported
    print(cutoff.id, indicator.id)


def big_workbook(size: int, out: str):
    """A plan with ``size`` indicators (half feed two objectives) and its follow-up workbook
    with a new executed magnitude on every row: importing it updates ``size`` measurements."""
    from django.contrib.auth.models import User
    from openpyxl import load_workbook

    from reporting.importing import export_followup
    from reporting.workbook_export import INDEX, SHEET
    from tests.factories import make_plan

    plan = make_plan(indicators=size, objectives=8, status="open")
    cutoff = plan.cutoffs.get()
    planner = User.objects.get(username=PLANNER[0])
    workbook = load_workbook(io.BytesIO(export_followup(cutoff, planner)))
    sheet = workbook[SHEET]
    for row in sheet.iter_rows(min_row=2):
        indicator_id = row[INDEX["id"] - 1].value
        row[INDEX["executed"] - 1].value = Decimal(indicator_id % 97) + Decimal("0.5")
        row[INDEX["analysis"] - 1].value = f"Carga masiva {indicator_id}"
    workbook.save(out)
    print(plan.slug, cutoff.date.isoformat(), sheet.max_row - 1)


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    command, *args = argv
    if command == "users":
        users()
    elif command == "open-cutoff":
        open_cutoff()
    elif command == "big-workbook":
        big_workbook(int(args[0]), args[1])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
