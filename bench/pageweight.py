"""JavaScript weight of the public pages, as whitenoise serves it (gzip -9).

    DEBUG=true .venv/bin/python -m bench.pageweight     # against DATABASE_URL, seed loaded

Renders each public page with Django's test client, reads the ``<script src>`` of the page
and sums the gzip size of each static file (what whitenoise sends to a browser that accepts
gzip). The browser test ``tests/browser/test_scorecard.py`` pins the same budget in Chromium
(400 KB per page) and the public plan page's largest contentful paint (1 s at 375 px).
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable, Iterable

SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", re.IGNORECASE)
BUDGET = 400_000


def scripts(html: str) -> list[str]:
    """The ``src`` of every external script of a page, in order."""
    return SCRIPT_SRC.findall(html)


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` compressed as whitenoise does (level 9, no timestamp)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(html: str, read: Callable[[str], bytes]) -> int:
    """Compressed bytes of JavaScript a page makes the browser download."""
    return sum(gzip_size(read(src)) for src in scripts(html))


def table(weights: Iterable[tuple[str, int]]) -> str:
    lines = ["| page | JavaScript (gzip) | within 400 KB |", "|---|---|---|"]
    for url, weight in weights:
        lines.append(
            f"| `{url}` | {weight / 1000:.1f} KB | {'yes' if weight <= BUDGET else 'no'} |"
        )
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - needs a database with the seed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.staticfiles import finders
    from django.test import Client

    from indicators.models import Indicator

    def read(src: str) -> bytes:
        path = finders.find(src.split("/static/", 1)[1].split("?")[0])
        with open(path, "rb") as handle:
            return handle.read()

    pes = "/planes/pes-2024-2027/"
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4075").pk
    pages = [
        "/",
        pes,
        pes + "objetivos/4/",
        pes + "metodologia/",
        f"{pes}indicadores/{indicator}/",
        "/proyectos/",
        "/datos-abiertos/",
        "/rendicion-de-cuentas/",
        "/rendicion-de-cuentas/espacios/audiencia-publica-2023-04-20/",
        "/riesgos/corrupcion/",
    ]
    client = Client(HTTP_HOST="localhost")
    weights = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        weights.append((url, page_weight(response.content.decode(), read)))
    print(table(weights))


if __name__ == "__main__":
    main()
