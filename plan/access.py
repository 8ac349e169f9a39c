"""The one access decorator of every app's views: sign in first, then the check.

Anonymous users go to the sign-in page (and come back); a signed-in user the check refuses
gets 403. The checks are plan.roles / plan.permissions questions about the user."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from plan import permissions, roles


def requires(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def may_report(user) -> bool:
    """Planning office, or a Reportante (not a Directivo) of at least one unit."""
    return permissions.can(user, permissions.REPORT)


internal_required = requires(roles.can_view_internal)
planning_required = requires(roles.is_planning)
reporter_required = requires(may_report)
