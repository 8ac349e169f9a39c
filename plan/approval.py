"""«Cuatro ojos» at the moment of approving a report (plan.permissions.four_eyes)."""

from __future__ import annotations

from plan import permissions


def sign_approval(record, submitted_by_id: int | None, user, error=None) -> None:
    """Whoever submitted ``record`` does not approve it. With FOUR_EYES off the history of
    ``record`` keeps the note that they did (its change reason). The refusal is
    permissions.SelfApproval, or ``error(message)`` when the caller has its own error."""
    try:
        note = permissions.four_eyes(submitted_by_id, user)
    except permissions.SelfApproval as refusal:
        if error is None:
            raise
        raise error(refusal.message) from None
    if note:
        record._change_reason = note
