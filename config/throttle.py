"""A small request throttle kept in the database (ops.models.ThrottleHit), the same store as
the sign-in attempts of django-axes: the limit holds across servers and restarts."""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@transaction.atomic
def hit(scope: str, keys: dict[str, str], limits: dict[str, int], window: datetime.timedelta):
    """Count one request under each ``keys[name]`` and say whether any went over its limit
    in ``window``. Keys are stored as digests (no e-mail address or IP in the table)."""
    from ops.models import ThrottleHit

    now = timezone.now()
    ThrottleHit.objects.filter(scope__startswith=scope, at__lt=now - window).delete()
    over = False
    for name, value in keys.items():
        if not value:
            continue
        key, sub = _digest(value), f"{scope}:{name}"
        ThrottleHit.objects.create(scope=sub, key=key)
        seen = ThrottleHit.objects.filter(scope=sub, key=key, at__gte=now - window).count()
        over = over or seen > limits[name]
    return over
