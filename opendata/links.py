"""The download links of the open data pages, built in Python (issue 15: the index rendered
hundreds of ``{% url %}`` and ``{% blocktranslate %}`` per page).

Every href is the URL prefix of the open data (``reverse("opendata:index")``, reversed once
per page) followed by the path that ``opendata/urls.py`` declares, quoted as ``reverse``
quotes it: byte for byte what ``reverse`` gives (the tests compare them). The link's text
and its visually hidden rest («CSV» + « de objetivos al 31/03/2026») come from ``Texts``,
translated once per page (``texts``); the rest only %-interpolates them: pure functions, no
query and no translation.

A row's links are also rendered here, once, as the HTML the templates insert (``Row.html``):
six hundred links a page through template variables cost more than the rest of the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from opendata import datasets
from plan.formatting import format_date

_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what ``reverse`` leaves unquoted


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str  # the format: «CSV», «CSV para Excel», «JSON», «XLSX»
    label: str  # read after the text by screen readers only: «de objetivos al 31/03/2026»


@dataclass(frozen=True, slots=True)
class Row:
    """One dataset's downloads: its title and a link per format, and those links as HTML."""

    title: str
    links: tuple[Link, ...]
    html: SafeString


# The markup of one link: the format, then what it is a download of for screen readers.
LINK_HTML = '<a href="{href}" download>{text}<span class="visually-hidden"> {label}</span></a>'


def links_html(links: tuple[Link, ...]) -> SafeString:
    """``links`` as HTML, every value escaped."""
    return mark_safe(  # noqa: S308 - every value is escaped  # nosec B308 B703
        "".join(
            LINK_HTML.format(href=escape(k.href), text=escape(k.text), label=escape(k.label))
            for k in links
        )
    )


def _row(title: str, stem: str, label: str, words: Texts) -> Row:
    """A dataset's row; ``stem`` is every link's href up to the format. Its HTML is that of
    ``links_html``, with each distinct value escaped once (not once per link)."""
    links = tuple(Link(stem + fmt, words.formats[fmt], label) for fmt in datasets.FORMATS)
    href, hidden = escape(stem), escape(label)
    html = "".join(
        LINK_HTML.format(href=href + fmt, text=text, label=hidden)
        for fmt, text in words.formats_html.items()
    )
    return Row(title, links, mark_safe(html))  # noqa: S308 - all escaped  # nosec B308 B703


@dataclass(frozen=True)
class Texts:
    """The translated words of the links, for the active language."""

    formats: dict[str, str]  # format -> link text
    formats_html: dict[str, str]  # format (plain ASCII: put into hrefs as is) -> text, escaped
    titles: dict[str, str]  # dataset of a cutoff -> its title
    structure_titles: dict[str, str]  # structure dataset -> its title
    structure_title: str  # "Estructura: %(title)s"
    structure_label: str  # "de %(dataset)s de %(plan)s"
    cutoff_label: str  # "de %(dataset)s al %(date)s"


def texts() -> Texts:
    """The link texts in the active language: one gettext per distinct text."""
    excel = gettext("CSV para Excel")
    formats = {f: excel if f == datasets.EXCEL_CSV else f.upper() for f in datasets.FORMATS}
    return Texts(
        formats=formats,
        formats_html={f: escape(text) for f, text in formats.items()},
        titles={key: str(title) for key, title in datasets.TITLES.items()},
        structure_titles={key: str(t) for key, t in datasets.STRUCTURE_TITLES.items()},
        structure_title=gettext("Estructura: %(title)s"),
        structure_label=gettext("de %(dataset)s de %(plan)s"),
        cutoff_label=gettext("de %(dataset)s al %(date)s"),
    )


def structure_rows(prefix: str, slug: str, plan_name: str, words: Texts) -> tuple[Row, ...]:
    """The plan's structure downloads (``opendata:structure``): a row per dataset."""
    base = f"{prefix}{quote(slug, safe=_SAFE)}/estructura/"
    return tuple(
        _row(
            words.structure_title % {"title": title},
            f"{base}{dataset}.",
            words.structure_label % {"dataset": dataset, "plan": plan_name},
            words,
        )
        for dataset, title in words.structure_titles.items()
    )


def cutoff_rows(prefix: str, slug: str, date: datetime.date, words: Texts) -> tuple[Row, ...]:
    """The downloads of one published cutoff (``opendata:download``): a row per dataset."""
    base = f"{prefix}{quote(slug, safe=_SAFE)}/{date.isoformat()}/"
    shown = format_date(date)
    return tuple(
        _row(
            title,
            f"{base}{dataset}.",
            words.cutoff_label % {"dataset": dataset, "date": shown},
            words,
        )
        for dataset, title in words.titles.items()
    )


def plan_url(prefix: str, slug: str) -> str:
    """The plan's own open data page (``opendata:plan``)."""
    return f"{prefix}{quote(slug, safe=_SAFE)}/"
