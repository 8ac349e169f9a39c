"""Error pages: a friendly 503 while the database is unreachable, a plain 500 otherwise."""

import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        # Drop broken connections so the next request reconnects as soon as the server is back.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except Exception:  # noqa: BLE001,S110 - it is already broken  # nosec B110
                pass
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
