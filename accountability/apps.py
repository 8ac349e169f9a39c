from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Rendición de cuentas")

    def load_seed(self) -> str:
        """Called by plan.seed.load_app_seeds after the plans are loaded."""
        from accountability.seed import load_all

        return "; ".join(f"rendición de cuentas: {strategy}" for strategy in load_all())
