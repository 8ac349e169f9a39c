"""Sign-in throttling (django-axes) helpers: the client's address and the lockout page."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies (the load balancer, nginx) the
    address is the one the outermost trusted proxy saw, taken from the right of
    X-Forwarded-For; the left part is written by the client and cannot be trusted."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """Too many failed sign-ins: a Spanish page, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked.html", {"minutes": minutes}, status=429)
