"""Risk follow-up views: the follow-up list, the reporter's form and the planning review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plan import permissions, roles
from plan.choices import CutoffStatus
from plan.forms import save_form
from risks.choices import FollowUpStatus
from risks.forms import (
    FollowUpForm,
    ReviewForm,
)
from risks.models import FollowUp, Risk, RiskCutoff
from risks.services import (
    review_follow_up,
    today,
)
from risks.views import followable, internal, planning


def _reportable(user, risks) -> set[int]:
    """Ids of ``risks`` whose follow-up ``user`` reports (one query unless it reports all)."""
    if not permissions.can(user, permissions.REPORT):
        return set()
    ids = [r.id for r in risks]
    if roles.is_planning(user) and permissions.managed_organisations(user) is None:
        return set(ids)
    return set(followable(user).filter(id__in=ids).values_list("id", flat=True))


@internal
def follow_ups(request):
    orgs = permissions.read_organisations(request.user)
    scoped = (
        RiskCutoff.objects.all()
        if orgs is None
        else RiskCutoff.objects.filter(organisation_id__in=orgs)
    )
    cutoffs = list(scoped.select_related("organisation").order_by("-date"))
    cutoff = None
    wanted = request.GET.get("corte", "")
    if wanted.isdigit():
        cutoff = next((c for c in cutoffs if c.id == int(wanted)), None)
    if cutoff is None:
        cutoff = next((c for c in cutoffs if c.status == CutoffStatus.OPEN), None) or (
            cutoffs[0] if cutoffs else None
        )
    rows = []
    if cutoff is not None:
        # Directors read every unit's follow-up; reporters see their units' risks.
        base = permissions.restrict(Risk.objects.all(), request.user, permissions.READ)
        risks = list(
            base.filter(
                organisation_id=cutoff.organisation_id,
                year=cutoff.date.year,
                placeholder=False,
                assessment__isnull=False,
            )
            .with_assessment()
            .order_by("code", "id")
        )
        reported = {
            f.risk_id: f
            for f in FollowUp.objects.filter(cutoff=cutoff, risk__in=[r.id for r in risks])
        }
        reportable = _reportable(request.user, risks)
        rows = [(r, reported.get(r.id), r.id in reportable) for r in risks]
    context = {
        "cutoffs": cutoffs,
        "cutoff": cutoff,
        "rows": rows,
        "can_review": cutoff is not None
        and permissions.can(request.user, permissions.REVIEW, cutoff),
        "today": today(),
    }
    return render(request, "risks/follow_ups.html", context)


@internal
@require_http_methods(["GET", "POST"])
def follow_up_edit(request, pk, cutoff_pk):
    risk = get_object_or_404(
        followable(request.user).filter(assessment__isnull=False).with_assessment(),
        pk=pk,
    )
    cutoff = get_object_or_404(
        RiskCutoff, pk=cutoff_pk, organisation_id=risk.organisation_id, date__year=risk.year
    )
    follow_up = FollowUp.objects.filter(risk=risk, cutoff=cutoff).first()
    is_planning = roles.is_planning(request.user)
    locked = not is_planning and (
        cutoff.status != CutoffStatus.OPEN
        or (follow_up is not None and follow_up.status == FollowUpStatus.APPROVED)
    )
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST":
        if locked:
            raise PermissionDenied
        if form.is_valid():
            save_form(
                request,
                form,
                _("Seguimiento enviado a la Oficina Asesora de Planeación."),
                risk=risk,
                cutoff=cutoff,
                reported_by=request.user,
                status=FollowUpStatus.SUBMITTED,
                reviewed_by=None,
                reviewed_at=None,
            )
            return redirect(f"{reverse('risks:follow_ups')}?corte={cutoff.pk}")
    context = {"risk": risk, "cutoff": cutoff, "form": form, "follow_up": follow_up}
    context["locked"] = locked
    return render(request, "risks/follow_up_form.html", context)


@planning
@require_http_methods(["GET", "POST"])
def follow_up_review(request, pk):
    follow_up = get_object_or_404(
        permissions.restrict(
            FollowUp.objects.all(), request.user, permissions.REVIEW
        ).select_related("risk", "cutoff", "reported_by"),
        pk=pk,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review_follow_up(follow_up, request.user, data["decision"], data["review_notes"])
        except permissions.SelfApproval as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Revisión guardada."))
            return redirect(f"{reverse('risks:follow_ups')}?corte={follow_up.cutoff_id}")
    return render(request, "risks/follow_up_review.html", {"follow_up": follow_up, "form": form})


# --- Workbook -----------------------------------------------------------------------------
