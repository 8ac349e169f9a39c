from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def get_user(username: str):
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(_("No existe el usuario activo «%(u)s».") % {"u": username}) from None


def read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(_("No se puede leer «%(p)s»: %(e)s") % {"p": path, "e": error}) from None
