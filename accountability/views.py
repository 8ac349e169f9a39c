"""Accountability pages: thin views over accountability.loading (one loader per screen)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accountability import (
    list_html,
    list_rows,
    loading,
    loading_events,
    loading_manage,
    opendata,
    services,
)
from accountability.forms import AnswerForm, CommitmentFollowUpForm, ReviewForm
from accountability.models import Commitment, CommitmentFollowUp, Document, Question, Strategy
from plan import listing, permissions
from plan.access import internal_required, planning_required
from plan.forms import save_form


def _today():
    return timezone.localdate()


internal = internal_required
ENTITY = "entidad"  # the GET parameter naming an organisation (its code) in the yearly pages


# --- Public ------------------------------------------------------------------------------------


def events(request):
    """Two queries whatever the number of events: the count and one page of them, by sector
    and entity, searched by title, entity or sector (name or code)."""
    events = loading_events.public_events(request.user)
    context = listing.searched_page(
        request,
        events,
        loading_events.EVENT_SEARCH,
        loading_events.PAGE_SIZE,
        arrange=loading_events.public_rows,
    )
    groups = list_rows.event_groups(
        context["page"].object_list, "accountability:event", list_rows.PUBLIC_LINKS, _today()
    )
    list_html.add_event_cards(groups)
    context.update(
        groups=groups,
        search_label=_("Buscar espacios de rendición de cuentas"),
        pagination_label=_("Páginas de espacios"),
    )
    return render(request, "accountability/events.html", context)


def event_detail(request, slug):
    event = get_object_or_404(loading_events.event_queryset(request.user), slug=slug)
    page = loading_events.load_event_page(event, request.user, _today(), get_language())
    return render(request, "accountability/event_detail.html", {"page": page, "event": event})


def document_file(request, pk):
    """An uploaded document of an event the person may see, always as a download (never
    rendered by the browser in our origin) with the content type its extension allows."""
    from reporting.evidence import ALLOWED

    document = get_object_or_404(
        Document.objects.filter(event__in=loading.visible_events(request.user)).exclude(file=""),
        pk=pk,
    )
    extension = document.file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=ALLOWED.get(extension, ("application/octet-stream",))[0],
    )


def topics(request):
    """Three queries whatever the number of organisations: the count and one page of the
    strategies with topics (by sector and entity, searched by entity or sector), their topics."""
    context = listing.searched_page(request, loading.topic_strategies(), loading.STRATEGY_SEARCH)
    context.update(
        groups=loading.group_topics(context["page"].object_list),
        search_label=_("Buscar temas por entidad"),
        pagination_label=_("Páginas de temas"),
    )
    return render(request, "accountability/topics.html", context)


def year_report(request, year):
    """The report of one organisation's strategy of ``year`` (``?entidad=`` its code); when
    several organisations have one and none is chosen, the list of them to choose from."""
    strategies = loading.year_strategies(year, request.GET.get(ENTITY))
    if strategies is None:
        raise Http404(_("No hay una estrategia de rendición de cuentas de esa vigencia."))
    if isinstance(strategies, Strategy):
        report = loading.load_year_report(strategies, _today(), get_language())
        context = {"report": report, "today": _today()}
        return render(request, "accountability/year_report.html", context)
    context = listing.searched_page(request, strategies, loading.STRATEGY_SEARCH)
    context.update(
        year=year,
        groups=listing.group(
            context["page"].object_list, listing.plan_sector, lambda s: s.organisation
        ),
        search_label=_("Buscar entidades"),
        pagination_label=_("Páginas de entidades"),
    )
    return render(request, "accountability/year_reports.html", context)


def open_data(request):
    return render(request, "accountability/open_data.html", {"datasets": opendata.COLUMNS})


def download(request, dataset, fmt):
    if dataset not in opendata.COLUMNS or fmt not in opendata.FORMATS:
        raise Http404(_("Conjunto de datos o formato desconocido."))
    rows = _dataset_rows(dataset, request)
    return opendata.download(fmt, dataset, rows, f"rendicion-de-cuentas-{dataset}.{fmt}")


def _dataset_rows(dataset: str, request) -> list[list]:
    if dataset == "eventos":
        return [_event_row(e, request) for e in loading.open_events()]
    today = _today()
    if dataset == "preguntas":
        return [_question_row(r) for r in loading.question_rows(loading.open_questions(), today)]
    return [_commitment_row(r) for r in loading.commitment_rows(loading.open_commitments(), today)]


def _event_row(e, request) -> list:
    records = list(e.attendance.all())
    record = records[0] if records else None
    return [
        e.pk,
        e.strategy.year,
        e.get_kind_display(),
        e.title,
        e.topic,
        e.date,
        e.time,
        e.get_modality_display(),
        e.venue,
        e.channels,
        "; ".join(u.name for u in e.responsible_units.all()),
        record.attendance_forms if record else None,
        record.attendances if record else None,
        record.live_views if record else None,
        (len(record.events.all()) > 1) if record else None,
        request.build_absolute_uri(reverse("accountability:event", args=[e.slug])),
    ]


def _question_row(r) -> list:
    return [
        r.question.pk,
        r.question.event.title,
        r.question.event.date,
        r.question.text,
        r.question.asked_on,
        r.question.get_channel_display(),
        r.question.topic,
        r.question.answer,
        r.question.answering_unit.name if r.question.answering_unit else "",
        r.question.answered_during_event,
        r.question.answer_due,
        r.question.answered_on,
        r.status.label,
        r.flagged,
    ]


def _commitment_row(r) -> list:
    return [
        r.commitment.pk,
        r.commitment.event.title,
        r.commitment.event.date,
        r.commitment.description,
        r.commitment.responsible_unit.name,
        r.commitment.due_date,
        r.commitment.get_status_display(),
        r.commitment.progress,
        r.overdue,
    ]


# --- Planning office and units -----------------------------------------------------------------


@internal
def manage(request):
    """Queries after the user's scope: the count and one page of the events in it (by sector
    and entity, searched), and the most urgent rows of each to-do list (loading_manage)."""
    events = loading_manage.manage_events(request.user)
    context = listing.searched_page(
        request, events, loading_events.EVENT_SEARCH, arrange=loading_manage.manage_rows
    )
    context.update(
        todo=loading_manage.load_manage_page(request.user, _today()),
        groups=list_html.event_tables(
            list_rows.event_groups(
                context["page"].object_list,
                "accountability:manage_event",
                list_rows.MANAGE_LINKS,
                _today(),
                loading_manage.MANAGE_COUNTS,
            )
        ),
        search_label=_("Buscar espacios de rendición de cuentas"),
        pagination_label=_("Páginas de espacios"),
    )
    return render(request, "accountability/manage.html", context)


@internal
def timeline(request, year):
    strategy = loading.internal_strategy(request.user, year, request.GET.get(ENTITY))
    if strategy is None:
        raise Http404(_("No hay una estrategia de rendición de cuentas de esa vigencia."))
    page = loading.load_timeline(strategy, _today())
    return render(request, "accountability/timeline.html", {"page": page})


@internal
def report_follow_up(request, pk):
    commitment = get_object_or_404(
        loading.visible_commitments(request.user).select_related("event", "responsible_unit"),
        pk=pk,
    )
    if not permissions.can(request.user, permissions.REPORT, commitment):
        raise PermissionDenied
    form = CommitmentFollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_form(
            request,
            form,
            _("Seguimiento enviado a la Oficina Asesora de Planeación."),
            commitment=commitment,
            reported_by=request.user,
        )
        return redirect("accountability:manage_event", slug=commitment.event.slug)
    return render(
        request, "accountability/follow_up_form.html", {"form": form, "commitment": commitment}
    )


@planning_required
@require_POST
def review_follow_up(request, pk):
    """The planning office approves (the commitment takes the reported status and progress) or
    returns a follow-up. Both writes in one transaction."""
    form = ReviewForm(request.POST)
    reviewable = permissions.restrict(
        CommitmentFollowUp.objects.all(), request.user, permissions.REVIEW
    )
    follow_up = get_object_or_404(reviewable.select_related("commitment__event"), pk=pk)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.review_follow_up(pk, request.user, approve, form.cleaned_data["comment"])
        except services.ReviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Seguimiento aprobado.") if approve else _("Seguimiento devuelto.")
            )
    return redirect("accountability:manage_event", slug=follow_up.commitment.event.slug)


@internal
def answer_question(request, pk):
    question = get_object_or_404(
        loading.visible_questions(request.user).select_related("event", "answering_unit"), pk=pk
    )
    if not permissions.can(request.user, permissions.REPORT, question):
        raise PermissionDenied
    form = AnswerForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.write_answer(
            question, request.user, data["answer"], data["answered_by"], data["answered_on"]
        )
        messages.success(
            request,
            _(
                "Respuesta guardada. Será pública cuando la Oficina Asesora de Planeación "
                "la publique."
            ),
        )
        return redirect("accountability:manage_event", slug=question.event.slug)
    return render(request, "accountability/answer_form.html", {"form": form, "question": question})


@planning_required
@require_POST
def publish_answer(request, pk):
    reviewable = permissions.restrict(Question.objects.all(), request.user, permissions.REVIEW)
    question = get_object_or_404(reviewable.select_related("event"), pk=pk)
    try:
        services.publish_answer(pk, request.user)
    except services.ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Respuesta publicada."))
    return redirect("accountability:manage_event", slug=question.event.slug)


@internal
def manage_event(request, slug):
    event = get_object_or_404(
        loading_events.event_queryset(request.user).filter(
            pk__in=loading.internal_events(request.user).values("pk")
        ),
        slug=slug,
    )
    page = loading_events.load_event_page(event, request.user, _today(), get_language())
    user = request.user
    commitments = [row.commitment for row in page.commitments]
    reportable = loading.reportable_ids(user, Commitment, commitments)
    for row in page.commitments:
        row.can_report = row.commitment.pk in reportable
    answerable = loading.reportable_ids(user, Question, [row.question for row in page.questions])
    for row in page.questions:
        row.can_answer = row.question.pk in answerable
    planning = permissions.can(user, permissions.REVIEW, event.strategy)
    context = {"page": page, "event": event, "review_form": ReviewForm(), "is_planning": planning}
    return render(request, "accountability/manage_event.html", context)
