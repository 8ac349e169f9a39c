"""Requests that carry control characters in their address or form data are refused (400).

PostgreSQL refuses a NUL character in a query, so a view that filters on ``?entidad=%00``
would fail with a server error; no link, form or person puts the other C0 control characters
into an address either. One rule here, before any view, instead of a check in each view:

* the path and every GET key and value: no C0 control character at all;
* the keys and values of a urlencoded POST: none but tab, line feed and carriage return,
  which a text area legitimately sends. (A multipart form's text fields go through Django's
  form fields, whose validator already refuses NUL with a message next to the field.)
"""

import re

from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _

IN_ADDRESS = re.compile(r"[\x00-\x1f]")
IN_FORM = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
URLENCODED = "application/x-www-form-urlencoded"


def _carries(pattern: re.Pattern, query) -> bool:
    return any(
        pattern.search(key) or any(pattern.search(value) for value in values)
        for key, values in query.lists()
    )


def refusal(request) -> str | None:
    """Why the request is refused, or None when its address and form data are clean."""
    if IN_ADDRESS.search(request.path_info) or _carries(IN_ADDRESS, request.GET):
        return _("La dirección tiene caracteres no válidos.")
    if (
        request.method == "POST"
        and request.content_type == URLENCODED
        and _carries(IN_FORM, request.POST)
    ):
        return _("Los datos enviados tienen caracteres no válidos.")
    return None


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = refusal(request)
        if reason is None:
            return self.get_response(request)
        # Rendered without the request, like the other error pages: no view, session or user
        # has run yet.
        return HttpResponseBadRequest(loader.render_to_string("400.html", {"reason": reason}))
