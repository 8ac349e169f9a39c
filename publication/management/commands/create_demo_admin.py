"""Demo users, one per role, so that anybody can try Tablero after ``make run``.

- ``admin``: superuser (the repair tool /admin/);
- ``planeacion``: Planeación of the Secretaría General (SG) and of its sector (SGP), whose
  sector plan it consolidates;
- ``planeacion_dascd``: Planeación of a second entity of the sector, the DASCD, loaded from
  ``fixtures/demo/`` (invented data) so that the scoping by organisation can be tried;
- ``directivo``: Directivo of the whole district;
- ``reportante``: group Reportante, member of the unit responsible for most indicators of the
  seed plans (so that it has something to report).

Passwords are generated once and kept in a git-ignored file (``DEMO_CREDENTIALS_FILE``, by
default ``.demo-credentials.json`` next to manage.py): every run prints the same ones. A user
that already exists keeps its password (``manage.py changepassword planeacion`` changes it for
good); the file is only the first password of a new database.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from plan import people, roles
from plan.models import Organisation, Unit
from publication.seed import load_seed, read_seed

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"

# Where each demo user holds its role: (role, organisation code or None for the district).
SCOPES = {
    "planeacion": [(people.AssignedRole.PLANNING, "SG"), (people.AssignedRole.PLANNING, "SGP")],
    "planeacion_dascd": [(people.AssignedRole.PLANNING, "DASCD")],
    "directivo": [(people.AssignedRole.DIRECTOR, None)],
}

DEMO_USERS = (
    ("admin", None),
    ("planeacion", roles.PLANNING),
    ("planeacion_dascd", roles.PLANNING),
    ("directivo", roles.DIRECTOR),
    ("reportante", roles.REPORTER),
)


def credentials_path() -> Path:
    default = Path(settings.BASE_DIR) / ".demo-credentials.json"
    return Path(os.environ.get("DEMO_CREDENTIALS_FILE") or default)


def stored_passwords(path: Path) -> dict[str, str]:
    """The passwords kept by an earlier run, with a new one for every user still missing."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    if not isinstance(stored, dict):
        stored = {}
    changed = False
    for username, _group in DEMO_USERS:
        if not isinstance(stored.get(username), str) or len(stored[username]) < 12:
            stored[username] = secrets.token_urlsafe(12)
            changed = True
    if changed:
        path.write_text(json.dumps(stored, indent=2), encoding="utf-8")
        path.chmod(0o600)
    return stored


def reporting_unit() -> Unit | None:
    """The unit responsible for most indicators (ties: lowest code)."""
    return (
        Unit.objects.annotate(n=Count("indicators"))
        .filter(n__gt=0)
        .order_by("-n", "code", "id")
        .first()
    )


def grant_scopes(user) -> None:
    """The demo user's roles per organisation (an organisation missing from the data is
    skipped: the user then keeps the district's scope of its group)."""
    for role, code in SCOPES.get(user.username, []):
        org = Organisation.objects.filter(code=code).first() if code else None
        if code and org is None:
            continue
        kind = people.DISTRICT if org is None else people.ORGANISATION
        if org is not None and org.kind == "sector":
            kind = people.SECTOR
        people.grant(user, role, people.Where(kind, organisation=org))


class Command(BaseCommand):
    help = _("Crea los usuarios de demostración (uno por rol) e imprime sus contraseñas.")

    @transaction.atomic
    def handle(self, *args, **options):
        passwords = stored_passwords(credentials_path())
        for path in sorted(DEMO_DIR.glob("*.yaml")):
            load_seed(read_seed(path))
        unit = reporting_unit()
        for username, group in DEMO_USERS:
            user, created = get_user_model().objects.get_or_create(username=username)
            if created:
                user.set_password(passwords[username])
            user.is_staff = user.is_superuser = group is None
            user.save()
            if group:
                user.groups.add(Group.objects.get_or_create(name=group)[0])
            grant_scopes(user)
            if group == roles.REPORTER and unit is not None:
                unit.members.add(user)
            self.stdout.write(self._line(user, group, passwords[username], unit))

    def _line(self, user, group, password, unit) -> str:
        role = group or _("Administrador (superusuario)")
        if not user.check_password(password):
            password = _("(cambiada con manage.py changepassword)")
        text = _("%(role)s: usuario «%(u)s», contraseña «%(p)s»") % {
            "role": role,
            "u": user.username,
            "p": password,
        }
        if group == roles.REPORTER and unit is not None:
            text += " · " + _("dependencia «%(unit)s»") % {"unit": unit.name}
        return self.style.SUCCESS(text)
