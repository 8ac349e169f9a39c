from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("Riesgos")

    def ready(self) -> None:
        from risks import due

        due.connect()

    def load_seed(self) -> str:
        """Called by plan.seed.load_app_seeds after the plans are loaded."""
        from risks.seed import load_risk_seeds

        return load_risk_seeds()
