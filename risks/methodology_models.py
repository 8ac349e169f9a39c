"""Risk-map methodology models: the DAFP methodology as versioned data."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from risks.choices import (
    RiskZone,
)

PERCENT = {"max_digits": 12, "decimal_places": 6}


# --- Methodology ---------------------------------------------------------------------------


class Methodology(models.Model):
    """A version of the risk methodology (DAFP v6, and whatever comes after it)."""

    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=300)
    published = models.DateField(_("fecha de la guía"), null=True, blank=True)
    notes = models.TextField(_("notas"), blank=True)
    is_current = models.BooleanField(
        _("vigente"), default=False, help_text=_("La que se usa en las valoraciones nuevas.")
    )
    review_dates = models.JSONField(
        _("fechas de seguimiento (MM-DD)"), default=list, help_text=_("Por ejemplo 04-30.")
    )
    report_working_days = models.PositiveSmallIntegerField(
        _("días hábiles para reportar después del corte"), default=10
    )
    acceptance_zones = models.JSONField(
        _("zonas residuales en que se puede aceptar un riesgo de gestión"), default=list
    )
    corruption_impact_reducible = models.BooleanField(
        _("los controles correctivos reducen el impacto de los riesgos de corrupción"),
        default=False,
    )

    class Meta:
        verbose_name = _("metodología de riesgos")
        verbose_name_plural = _("metodologías de riesgos")
        ordering = ["-published", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_methodology"
            )
        ]

    def __str__(self):
        return self.name


class ProbabilityLevel(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("metodología"),
        on_delete=models.CASCADE,
        related_name="probability_levels",
    )
    position = models.PositiveSmallIntegerField(_("posición (1 = la más baja)"))
    name = models.CharField(_("nombre"), max_length=40)
    value = models.DecimalField(_("porcentaje"), max_digits=5, decimal_places=2)
    max_frequency = models.PositiveIntegerField(
        _("frecuencia máxima al año"), null=True, blank=True
    )
    description = models.TextField(_("descripción"), blank=True)

    class Meta:
        verbose_name = _("nivel de probabilidad")
        verbose_name_plural = _("niveles de probabilidad")
        ordering = ["methodology", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "position"], name="probability_level_unique"
            )
        ]

    def __str__(self):
        return self.name


class ImpactLevel(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("metodología"),
        on_delete=models.CASCADE,
        related_name="impact_levels",
    )
    position = models.PositiveSmallIntegerField(_("posición (1 = el más bajo)"))
    name = models.CharField(_("nombre"), max_length=40)
    value = models.DecimalField(_("porcentaje"), max_digits=5, decimal_places=2)
    max_smlmv = models.DecimalField(
        _("afectación económica máxima (SMLMV)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    allowed_for_corruption = models.BooleanField(_("posible en riesgos de corrupción"))
    economic_description = models.TextField(_("afectación económica"), blank=True)
    reputational_description = models.TextField(_("pérdida reputacional"), blank=True)

    class Meta:
        verbose_name = _("nivel de impacto")
        verbose_name_plural = _("niveles de impacto")
        ordering = ["methodology", "position"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "position"], name="impact_level_unique")
        ]

    def __str__(self):
        return self.name


class HeatMapCell(models.Model):
    """One of the 25 cells of the heat map, as the guide prints it."""

    methodology = models.ForeignKey(
        Methodology, verbose_name=_("metodología"), on_delete=models.CASCADE, related_name="cells"
    )
    probability = models.ForeignKey(
        ProbabilityLevel, verbose_name=_("probabilidad"), on_delete=models.CASCADE
    )
    impact = models.ForeignKey(ImpactLevel, verbose_name=_("impacto"), on_delete=models.CASCADE)
    zone = models.CharField(_("zona"), max_length=10, choices=RiskZone.choices)

    class Meta:
        verbose_name = _("celda del mapa de calor")
        verbose_name_plural = _("celdas del mapa de calor")
        ordering = ["methodology", "-probability__position", "impact__position"]
        constraints = [
            models.UniqueConstraint(fields=["probability", "impact"], name="heat_map_cell_unique")
        ]

    def __str__(self):
        return f"{self.probability} × {self.impact}: {self.get_zone_display()}"


class ControlAttributeScore(models.Model):
    """The score of one value of a control attribute (type: preventivo 25 %)."""

    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("metodología"),
        on_delete=models.CASCADE,
        related_name="control_scores",
    )
    attribute = models.CharField(_("atributo"), max_length=20)
    value = models.CharField(_("valor"), max_length=20)
    score = models.DecimalField(
        _("calificación (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reduces = models.CharField(
        _("reduce"),
        max_length=12,
        blank=True,
        choices=[("probability", _("Probabilidad")), ("impact", _("Impacto"))],
    )

    class Meta:
        verbose_name = _("calificación de atributo de control")
        verbose_name_plural = _("calificaciones de atributos de control")
        ordering = ["methodology", "attribute", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "attribute", "value"], name="control_score_unique"
            )
        ]

    def __str__(self):
        return f"{self.attribute}={self.value}: {self.score}"


class CorruptionQuestion(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("metodología"),
        on_delete=models.CASCADE,
        related_name="corruption_questions",
    )
    number = models.PositiveSmallIntegerField(_("número"))
    text = models.CharField(_("pregunta"), max_length=300)
    forces_catastrophic = models.BooleanField(
        _("un «sí» hace el impacto catastrófico"), default=False
    )

    class Meta:
        verbose_name = _("pregunta de impacto de corrupción")
        verbose_name_plural = _("preguntas de impacto de corrupción")
        ordering = ["methodology", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "number"], name="corruption_question_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"


class CorruptionImpactBand(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("metodología"),
        on_delete=models.CASCADE,
        related_name="corruption_bands",
    )
    min_yes = models.PositiveSmallIntegerField(_("desde (respuestas afirmativas)"))
    max_yes = models.PositiveSmallIntegerField(_("hasta (respuestas afirmativas)"))
    impact = models.ForeignKey(ImpactLevel, verbose_name=_("impacto"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("rango de impacto de corrupción")
        verbose_name_plural = _("rangos de impacto de corrupción")
        ordering = ["methodology", "min_yes"]

    def __str__(self):
        return f"{self.min_yes}-{self.max_yes}: {self.impact}"
