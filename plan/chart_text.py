"""Text that goes into a plotly chart, made safe for plotly's HTML subset (pure).

plotly.js renders a small subset of HTML in every text it draws (axis ticks, legend names,
hover labels, titles, annotations): ``<a href>`` becomes a live link, ``<b>`` bold text. Data
typed by people (an objective's title, a category, a level's name) must read as text, so every
such string goes through :func:`plain`, which escapes the three characters plotly parses.
plotly turns the entities back into the characters when it draws, so «<a href=…>» is shown
literally and never becomes a link.
"""

from __future__ import annotations

ELLIPSIS = "…"


def plain(text) -> str:
    """``text`` with ``&``, ``<`` and ``>`` written as entities (plotly draws them as text)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def short(text, limit: int = 32) -> str:
    """A name cut at a word boundary to fit an axis (the full name goes in the tooltip)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # never half a word
    return cut.rstrip(" ,.;:-") + ELLIPSIS


def unique(labels: list[str]) -> list[str]:
    """Category labels made distinct (plotly merges equal categories into one)."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result
