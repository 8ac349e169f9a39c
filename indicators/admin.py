from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators import (
    admin_structure,  # noqa: F401  (the structure's admin)
    validation,
)
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Evidence,
    Goal,
    Indicator,
    Measurement,
    ObjectiveLink,
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name", "unit", "annualization", "direction"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "plan"]
    list_filter = ["plan", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["plan"]
    inlines = [IndicatorInline]


class ObjectiveLinkInline(admin.TabularInline):
    model = ObjectiveLink
    extra = 0


class AnnualProgrammingInline(admin.TabularInline):
    model = AnnualProgramming
    extra = 0


class CutoffProgrammingInline(admin.TabularInline):
    model = CutoffProgramming
    extra = 0


class MeasurementInline(admin.StackedInline):
    model = Measurement
    extra = 0
    fields = [("cutoff", "executed", "status"), "analysis", "evidence_url", "review_comment"]
    readonly_fields = ["status"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "plan",
        "unit",
        "annualization",
        "direction",
        "responsible_unit",
    ]
    list_filter = ["plan", "unit", "annualization", "direction", "goal__kind", "responsible_unit"]
    search_fields = ["code", "name", "goal__name", "goal__code"]
    list_select_related = ["plan", "responsible_unit"]
    autocomplete_fields = ["goal"]
    readonly_fields = ["annualisation_warnings"]

    @admin.display(description=_("Advertencias de anualización"))
    def annualisation_warnings(self, obj):
        """A declared total that contradicts the yearly programming (historical data is kept
        with this warning; new structures are refused on import)."""
        if obj is None or obj.pk is None:
            return "—"
        yearly = dict(obj.annual_programming.values_list("year", "programmed"))
        problems = validation.annualisation_problems(obj.annualization, yearly, obj.declared_total)
        return " ".join(problems) or _("Ninguna")

    inlines = [
        ObjectiveLinkInline,
        AnnualProgrammingInline,
        CutoffProgrammingInline,
        MeasurementInline,
    ]


@admin.register(ObjectiveLink)
class ObjectiveLinkAdmin(SimpleHistoryAdmin):
    list_display = ["objective", "indicator", "year", "weight"]
    list_filter = ["year", "objective__plan"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["objective", "indicator"]


@admin.register(AnnualProgramming)
class AnnualProgrammingAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "programmed"]
    list_filter = ["year", "indicator__plan"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator"]


@admin.register(CutoffProgramming)
class CutoffProgrammingAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "cutoff", "programmed"]
    list_filter = ["cutoff__plan", "cutoff"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator", "cutoff__plan"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    """A measurement of a closed or published cutoff is read-only here: it changes only after
    the cutoff is reopened with a reason (plan.immutability enforces it below the admin)."""

    list_display = ["indicator", "cutoff", "executed", "status", "reported_by", "reported_at"]
    list_filter = ["status", "cutoff__plan", "cutoff"]
    search_fields = ["indicator__code", "indicator__name", "analysis"]
    list_select_related = ["indicator", "cutoff__plan", "reported_by"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.cutoff.status != "open":
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.cutoff.status != "open":
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "measurement", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["name", "url"]
    list_select_related = ["measurement__indicator", "measurement__cutoff__plan", "uploaded_by"]
    raw_id_fields = ["measurement"]
