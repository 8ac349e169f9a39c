"""Password reset by e-mail (/cuenta/password_reset/): off unless settings.PASSWORD_RESET
(on by default only with an SMTP backend, so reset links never land in a log); when on,
throttled per address and per client (config.throttle, in the database like sign-in)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render

from config import throttle
from config.security import client_ip


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(_OnlyWhenEnabled, auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        address = request.POST.get("email", "").strip().lower()
        over = throttle.hit(
            "password_reset",
            {"address": address, "client": client_ip(request)},
            {
                "address": settings.PASSWORD_RESET_PER_ADDRESS,
                "client": settings.PASSWORD_RESET_PER_CLIENT,
            },
            datetime.timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES),
        )
        if over:
            minutes = settings.PASSWORD_RESET_WINDOW_MINUTES
            return render(
                request, "registration/reset_throttled.html", {"minutes": minutes}, status=429
            )
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(_OnlyWhenEnabled, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(_OnlyWhenEnabled, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(_OnlyWhenEnabled, auth_views.PasswordResetCompleteView):
    pass
