"""Directors' pages are for signed-in users who may read internal pages (plan.access)."""

from plan.access import internal_required

__all__ = ["internal_required"]
