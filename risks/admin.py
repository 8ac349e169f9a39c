from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from risks.models import (
    ActionActivity,
    Assessment,
    Control,
    ControlAttributeScore,
    CorruptionImpactBand,
    CorruptionQuestion,
    FollowUp,
    HeatMapCell,
    ImpactLevel,
    Methodology,
    ProbabilityLevel,
    Risk,
    RiskCutoff,
)


class ProbabilityInline(admin.TabularInline):
    model = ProbabilityLevel
    extra = 0


class ImpactInline(admin.TabularInline):
    model = ImpactLevel
    extra = 0


class CellInline(admin.TabularInline):
    model = HeatMapCell
    extra = 0


class ScoreInline(admin.TabularInline):
    model = ControlAttributeScore
    extra = 0


class QuestionInline(admin.TabularInline):
    model = CorruptionQuestion
    extra = 0


class BandInline(admin.TabularInline):
    model = CorruptionImpactBand
    extra = 0


@admin.register(Methodology)
class MethodologyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "published", "is_current"]
    search_fields = ["name", "code"]
    inlines = [ProbabilityInline, ImpactInline, CellInline, ScoreInline, QuestionInline, BandInline]


class ControlInline(admin.TabularInline):
    model = Control
    extra = 0


class ActionInline(admin.TabularInline):
    model = ActionActivity
    extra = 0


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["code", "year", "kind", "name", "process", "investment_project", "placeholder"]
    list_filter = ["year", "kind", "placeholder", "organisation"]
    search_fields = ["code", "name", "organisation__name"]
    list_select_related = ["process", "investment_project"]
    raw_id_fields = ["process", "investment_project", "responsible_unit"]
    inlines = [ControlInline, ActionInline]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "inherent_zone", "residual_zone", "methodology", "assessed_at"]
    list_filter = ["inherent_zone", "residual_zone", "methodology"]
    search_fields = ["risk__code", "risk__name"]
    list_select_related = ["risk", "methodology"]
    raw_id_fields = ["risk"]


@admin.register(Control)
class ControlAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "order", "description", "control_type", "implementation"]
    search_fields = ["description", "risk__code"]
    list_select_related = ["risk"]
    raw_id_fields = ["risk"]


@admin.register(ActionActivity)
class ActionActivityAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "description", "responsible", "end_date", "progress"]
    search_fields = ["description", "risk__code"]
    list_select_related = ["risk"]
    raw_id_fields = ["risk"]


@admin.register(RiskCutoff)
class RiskCutoffAdmin(admin.ModelAdmin):
    list_display = ["organisation", "date", "deadline", "status"]
    list_filter = ["status", "organisation"]
    search_fields = ["organisation__name"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "cutoff", "controls_executed", "materialised", "status"]
    list_filter = ["status", "materialised", "controls_executed"]
    search_fields = ["risk__code", "risk__name"]
    list_select_related = ["risk", "cutoff__organisation"]
    raw_id_fields = ["risk"]
