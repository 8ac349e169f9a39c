from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accountability.models import (
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    Challenge,
    CitizenTopic,
    Commitment,
    CommitmentFollowUp,
    DemographicRow,
    Document,
    EvaluationResult,
    Event,
    ImprovementArea,
    Question,
    SelfAssessment,
    Stage,
    Strategy,
    TeamRole,
)
from reporting.evidence import EvidenceError, check_upload


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0


class ChallengeInline(admin.TabularInline):
    model = Challenge
    extra = 0


class TeamRoleInline(admin.StackedInline):
    model = TeamRole
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "year"]
    list_filter = ["organisation"]
    inlines = [StageInline, ChallengeInline, TeamRoleInline]


class ImprovementAreaInline(admin.TabularInline):
    model = ImprovementArea
    extra = 0


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["strategy", "score", "scale"]
    inlines = [ImprovementAreaInline]


class ActivityFollowUpInline(admin.StackedInline):
    model = ActivityFollowUp
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "strategy", "q1", "q2", "q3", "q4", "quarters_known"]
    list_filter = ["strategy"]
    filter_horizontal = ["responsible_units"]
    inlines = [ActivityFollowUpInline]


class DocumentForm(forms.ModelForm):
    """Uploaded documents pass the same content checks as evidence files (type by content,
    size, no macros or external links)."""

    class Meta:
        model = Document
        fields = ["kind", "title", "url", "file", "published_on", "notes"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                check_upload(upload.name, upload.size, upload)
            except EvidenceError as error:
                raise forms.ValidationError(str(error)) from None
        return upload


class DocumentInline(admin.TabularInline):
    model = Document
    form = DocumentForm
    extra = 0


class EvaluationInline(admin.TabularInline):
    model = EvaluationResult
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "modality", "is_public"]
    list_filter = ["strategy", "kind", "modality", "is_public"]
    search_fields = ["title", "topic"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["responsible_units", "objectives", "indicators", "investment_projects"]
    inlines = [DocumentInline, EvaluationInline, QuestionInline, CommitmentInline]


class DemographicInline(admin.TabularInline):
    model = DemographicRow
    extra = 0


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(admin.ModelAdmin):
    list_display = ["label", "strategy", "attendance_forms", "attendances", "live_views"]
    filter_horizontal = ["events"]
    inlines = [DemographicInline]


@admin.register(CitizenTopic)
class CitizenTopicAdmin(admin.ModelAdmin):
    list_display = ["text", "year", "included", "included_in"]
    list_filter = ["strategy", "year", "included"]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "event", "answer_due", "answered_on", "is_public"]
    list_filter = ["event__strategy", "channel", "is_public"]


class CommitmentFollowUpInline(admin.StackedInline):
    model = CommitmentFollowUp
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["description", "event", "responsible_unit", "due_date", "status", "progress"]
    list_filter = ["status", "responsible_unit"]
    inlines = [CommitmentFollowUpInline]
