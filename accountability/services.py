"""Writes of the accountability workflow that more than one view (or a bulk command) needs:
each one transaction, with the rules of plan.permissions («cuatro ojos») applied here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability.choices import ReviewStatus
from accountability.models import CommitmentFollowUp
from plan import permissions
from plan.approval import sign_approval


class ReviewError(Exception):
    @property
    def message(self) -> str:
        return str(self.args[0])


def _in_scope(queryset, user, action: str, pk: int):
    """The service's own scope check (plan.permissions): ``pk`` locked for update, or
    PermissionDenied when it lies outside ``user``'s scope."""
    row = permissions.restrict(queryset, user, action).filter(pk=pk)
    row = row.select_for_update(of=("self",)).first()
    if row is None:
        raise PermissionDenied
    return row


@transaction.atomic
def review_follow_up(pk: int, user, approve: bool, comment: str = "") -> CommitmentFollowUp:
    """Approve (the commitment takes the reported status and progress) or return a
    follow-up. Whoever reported it does not approve it (FOUR_EYES)."""
    follow_up = _in_scope(
        CommitmentFollowUp.objects.select_related("commitment__event"),
        user,
        permissions.REVIEW,
        pk,
    )
    if follow_up.review_status != ReviewStatus.SUBMITTED:
        raise ReviewError(_("Este seguimiento ya fue revisado."))
    if approve:
        sign_approval(follow_up, follow_up.reported_by_id, user, ReviewError)
    follow_up.review_status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    follow_up.review_comment = comment
    follow_up.reviewed_by = user
    follow_up.reviewed_at = timezone.now()
    follow_up.save()
    if approve:
        commitment = follow_up.commitment
        commitment.status = follow_up.status
        commitment.progress = follow_up.progress
        commitment.save(update_fields=["status", "progress"])
    return follow_up


@transaction.atomic
def write_answer(question, user, answer: str, answered_by: str, answered_on) -> None:
    """The answer as written: kept apart from the public one until the office publishes it."""
    question = _in_scope(type(question).objects.all(), user, permissions.REPORT, question.pk)
    question.draft_answer = answer.strip()
    question.draft_answered_by = answered_by.strip()
    question.draft_answered_on = answered_on
    question.answer_written_by = user
    question._history_user = user
    question.save()


@transaction.atomic
def publish_answer(pk: int, user):
    """The planning office publishes the answer as written: citizens and the open data see it
    from now on. The history keeps who wrote it (answer_written_by) and who published it."""
    from accountability.models import Question

    question = _in_scope(Question.objects.select_related("event"), user, permissions.REVIEW, pk)
    if not question.answer_awaits_publication:
        raise ReviewError(_("No hay una respuesta nueva para publicar."))
    question.answer = question.draft_answer
    question.answered_by = question.draft_answered_by
    question.answered_on = question.draft_answered_on
    question.answer_published_by = user
    question.answer_published_at = timezone.now()
    question._history_user = user
    question.save()
    return question
