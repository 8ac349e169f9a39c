"""Counting a page's SQL queries, for the tests that pin them at two data sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count(client, url, data=None) -> int:
    """How many queries ``client.get(url, data)`` runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
