"""Data the directors' tests add on top of the seed reports."""

import datetime
from decimal import Decimal as D

from django.contrib.auth.models import Group, User

from indicators.models import CutoffProgramming, Measurement
from plan.models import Cutoff
from plan.roles import DIRECTOR, PLANNING, REPORTER

JUNE = datetime.date(2026, 6, 30)

# An open second cutoff of the PES (not in the report): indicator code -> (programmed, executed)
PES_JUNE = {
    "4074": ("0.40", "0.30"),  # 75 %
    "4075": ("6", "9"),  # 150 %
    "3979": ("65", "65"),  # 100 %
    "4244": ("64", "60"),  # 93,75 %
    "4226": ("0.55", None),  # programmed, not reported yet
}


def add_pes_june_cutoff() -> Cutoff:
    """An open cutoff 30/06/2026 of the PES with a few measurements (idempotent)."""
    cutoff, _ = Cutoff.objects.get_or_create(
        plan__slug="pes-2024-2027",
        date=JUNE,
        defaults={
            "plan": Cutoff.objects.get(plan__slug="pes-2024-2027").plan,
            "status": "open",
        },
    )
    indicators = {i.code: i for i in cutoff.plan.indicators.all()}
    for code, (programmed, executed) in PES_JUNE.items():
        CutoffProgramming.objects.update_or_create(
            indicator=indicators[code], cutoff=cutoff, defaults={"programmed": D(programmed)}
        )
        if executed is not None:
            Measurement.objects.update_or_create(
                indicator=indicators[code],
                cutoff=cutoff,
                defaults={"executed": D(executed), "analysis": "Avance del primer semestre."},
            )
    return cutoff


PASSWORD = "clave-segura-123"


def user_with_role(username: str, role: str | None, *, with_password: bool = False) -> User:
    """A user in the group of ``role`` (None: signed in, no role). Without a password unless
    asked (hashing one takes a noticeable fraction of a second)."""
    user = User.objects.create_user(username, password=PASSWORD if with_password else None)
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


ROLES = {"director": DIRECTOR, "planning": PLANNING, "reporter": REPORTER}
