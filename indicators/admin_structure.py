from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Goal
from plan.admin_readonly import ReadOnlyAdminMixin
from plan.models import (
    BudgetYearTotal,
    Cutoff,
    CutoffEvent,
    InstitutionalPlan,
    InvestmentProject,
    Objective,
    Organisation,
    Plan,
    Process,
    ProjectBudget,
    Snapshot,
    Unit,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class ProcessInline(admin.TabularInline):
    model = Process
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [UnitInline, ProcessInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "code"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0
    fields = [("number", "short_title", "weight"), "statement"]


class CutoffInline(admin.TabularInline):
    model = Cutoff
    extra = 0
    fields = ["date", "status", "deadline"]
    # The status moves only through the workflow in /reporte/ (plan.immutability).
    readonly_fields = ["status"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "start_year", "end_year", "indicator_set_rule"]
    list_filter = ["kind", "organisation", "indicator_set_rule"]
    search_fields = ["name", "slug", "mission", "vision"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ObjectiveInline, CutoffInline]

    def has_delete_permission(self, request, obj=None):
        """A plan with a publication is never deleted (its versions are immutable)."""
        if obj is not None and Snapshot.objects.filter(cutoff__plan=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    fieldsets = [
        (None, {"fields": ["organisation", "kind", "name", "slug", ("start_year", "end_year")]}),
        (_("Plataforma estratégica"), {"fields": ["mission", "vision", "adoption_act"]}),
        (
            _("Metodología"),
            {
                "fields": [
                    "indicator_set_rule",
                    "declared_total_weight",
                    "cap_progress",
                    ("green_from", "yellow_from"),
                    "methodology_notes",
                ]
            },
        ),
    ]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title", "plan", "weight"]
    list_filter = ["plan"]
    search_fields = ["short_title", "statement"]
    list_select_related = ["plan"]


@admin.register(Cutoff)
class CutoffAdmin(SimpleHistoryAdmin):
    """The status is read-only: it moves only through close, publish and reopen (with a
    reason) in /reporte/; a cutoff with events or publications is never deleted."""

    list_display = ["date", "plan", "status", "deadline"]
    list_filter = ["status", "plan"]
    date_hierarchy = "date"
    list_select_related = ["plan"]
    readonly_fields = ["status"]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != "open":
            return ["plan", "date", "status"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.status != "open" or obj.events.exists()):
            return False
        return super().has_delete_permission(request, obj)


class ProjectBudgetInline(admin.TabularInline):
    model = ProjectBudget
    extra = 0


class ProjectGoalInline(admin.TabularInline):
    model = Goal
    fk_name = "investment_project"
    extra = 0
    fields = ["plan", "kind", "code", "name"]


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["code", "name"]
    inlines = [ProjectBudgetInline, ProjectGoalInline]


@admin.register(InstitutionalPlan)
class InstitutionalPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "organisation"]
    list_filter = ["organisation", "unit"]
    search_fields = ["name"]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["cutoff", "version", "plan_compliance", "published_at", "published_by"]
    list_filter = ["cutoff__plan"]
    list_select_related = ["cutoff__plan", "published_by"]


@admin.register(CutoffEvent)
class CutoffEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The log of cutoff moves is written by the reporting workflow only."""

    list_display = ["cutoff", "action", "from_status", "to_status", "user", "at", "override"]
    list_filter = ["action", "cutoff__plan"]
    list_select_related = ["cutoff__plan", "user"]
    search_fields = ["reason"]


@admin.register(BudgetYearTotal)
class BudgetYearTotalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A year's budgets summed, kept by every write of a budget (plan.budget_totals): shown to
    superusers (it belongs to no organisation) to check, never edited by hand."""

    list_display = ["year", "amount", "projects"]
