"""Directors' pages are for signed-in users who may read internal pages (plan.roles)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from plan.roles import can_view_internal


def internal_required(view):
    """Anonymous: to the sign-in page, then back. Signed in without a role: 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_internal(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
