from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleHit(models.Model):
    """One request counted by a throttle (config.throttle), kept in the database like
    django-axes' sign-in attempts, so the limit holds across every server."""

    scope = models.CharField(_("ámbito"), max_length=40)
    key = models.CharField(_("clave (resumen)"), max_length=64)
    at = models.DateTimeField(_("momento"), auto_now_add=True)

    class Meta:
        verbose_name = _("solicitud limitada")
        verbose_name_plural = _("solicitudes limitadas")
        indexes = [models.Index(fields=["scope", "key", "at"], name="throttle_hit_lookup")]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
