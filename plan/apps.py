from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "plan"
    verbose_name = _("Planes")

    def ready(self):
        from plan import people, signals  # noqa: F401 - connects the receivers
        from plan.validation import install_column_validators

        install_column_validators()
