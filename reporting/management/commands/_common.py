from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from plan.models import Cutoff, Plan
from reporting.dates import DateError, parse_date


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


def add_import_arguments(parser, user_help: str) -> None:
    """The workbook's path, who imports it and --dry-run: every workbook import's arguments."""
    parser.add_argument("path")
    parser.add_argument("--user", required=True, help=user_help)
    parser.add_argument("--dry-run", action="store_true", help=_("revisa sin guardar"))


def refuse_errors(stderr, errors) -> None:
    """A refused workbook: each error on ``stderr``, then a CommandError (nothing imported)."""
    if errors:
        for error in errors:
            stderr.write(str(error))
        raise CommandError(_("%(n)s errores: no se importó nada.") % {"n": len(errors)})


def get_plan(slug: str) -> Plan:
    try:
        return Plan.objects.select_related("organisation").get(slug=slug)
    except Plan.DoesNotExist:
        raise CommandError(_("No existe el plan «%(p)s».") % {"p": slug}) from None


def get_date(text: str):
    try:
        return parse_date(text)
    except DateError as error:
        raise CommandError(str(error)) from None


def get_cutoff(slug: str, text: str) -> Cutoff:
    """The cutoff of plan ``slug`` on ``text`` (dd/mm/aaaa or aaaa-mm-dd)."""
    date = get_date(text)
    try:
        return Cutoff.objects.select_related("plan").get(plan__slug=slug, date=date)
    except Cutoff.DoesNotExist:
        raise CommandError(
            _("No existe el corte %(d)s del plan «%(p)s».") % {"d": f"{date:%d/%m/%Y}", "p": slug}
        ) from None


def write_file(path: str, content: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(content)
    except OSError as error:
        raise CommandError(
            _("No se puede escribir «%(p)s»: %(e)s") % {"p": path, "e": error}
        ) from None


class WorkflowCommand:
    """Mixin: --plan, --cutoff and --user, and TransitionError as a Spanish CommandError."""

    def add_cutoff_arguments(self, parser):
        parser.add_argument("--plan", required=True, help=_("identificador del plan"))
        parser.add_argument(
            "--cutoff", required=True, help=_("fecha de corte dd/mm/aaaa o aaaa-mm-dd")
        )
        parser.add_argument("--user", required=True, help=_("usuario que actúa (historial)"))

    def run(self, action):
        from reporting.workflow import TransitionError

        try:
            return action()
        except TransitionError as error:
            raise CommandError(error.message) from None
