"""The rows of the management page's tables and lists, written once per page.

A row of these tables printed seven to nine values through Django's template engine, about
230 Python calls a row (resolving each name, localising, escaping); at district scale the page
holds up to 25 events and three to-do lists of 10 (issue 15). ``plan.fast_html`` writes a
row in a fraction of that, escaping every value as the template did, and the table's head,
the same for every entity, is written once. The markup is the one the templates had, byte for
byte (accountability/templates/accountability/manage.html places these strings).
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plan import fast_html

_EVENT = (
    "\n    <tr>\n"
    "      <td>{}</td>\n"
    '      <th scope="row"><a href="{}">{}</a><br><span class="muted">{}</span></th>\n'
    "      <td>{}</td>\n"
    '      <td class="num">{}</td>\n'
    '      <td class="num">{}</td>\n'
    '      <td class="num">{}</td>\n'
    "      <td>{}</td>\n"
    "    </tr>\n  "
)
_QUESTION = (
    "\n    <tr>\n"
    '      <td><a href="{}">{}</a></td>\n'
    '      <td><a href="{}">{}</a></td>\n'
    "      <td>{}</td>\n"
    "      <td>{}</td>\n"
    '      <td><span class="acc-badge" style="background: {}">{}</span>{}</td>\n'
    "    </tr>\n  "
)
_COMMITMENT = (
    "\n    <tr>\n"
    "      <td>{}</td>\n"
    '      <td><a href="{}">{}</a></td>\n'
    "      <td>{}</td>\n"
    '      <td>{} <span class="acc-flag">{}</span></td>\n'
    "      <td>{}</td>\n"
    "    </tr>\n  "
)
_CARD = (
    '<li class="acc-card">\n  <p class="muted">{}{}</p>\n  <h4><a href="{}">{}</a></h4>\n'
    '  <dl class="acc-meta">\n    <dt>{}</dt><dd>{}</dd>\n    <dt>{}</dt><dd>{}</dd>\n'
    "    {}\n    {}\n  </dl>\n</li>\n"
)
_TERM = "<dt>{}</dt><dd>{}</dd>"
_FOLLOW_UP = '\n    <li><a href="{}">{}</a> — {}, {} ({})</li>\n  '


def event_head() -> SafeString:
    """The head of every entity's table of events."""
    return format_html(
        '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col" class="num">{}</th><th scope="col" class="num">{}</th>'
        '<th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead>',
        _("Fecha"),
        _("Espacio"),
        _("Modalidad"),
        _("Preguntas"),
        _("Sin respuesta"),
        _("Compromisos"),
        _("Publicado"),
    )


def add_event_cards(groups: list) -> None:
    """Give each entity of the public list's ``groups`` (accountability.list_rows.event_groups)
    the markup of its events' cards (``cards_html``), the labels translated once a page."""
    labels = {
        "upcoming": fast_html.one(" · <strong>{}</strong>", _("Próximo")),
        "date": _("Fecha"),
        "modality": _("Modalidad"),
        "venue": _("Lugar"),
        "channels": _("Canales"),
    }
    for sector in groups:
        for entity in sector.entities:
            entity.cards_html = mark_safe(  # noqa: S308  # nosec B308 B703: each card is escaped
                "".join(_card(event, labels) for event in entity.items)
            )


def _card(event: dict, labels: dict) -> SafeString:
    return fast_html.one(
        _CARD,
        event["kind_label"],
        labels["upcoming"] if event["upcoming"] else "",
        event["url"],
        event["title"],
        labels["date"],
        event["when"],
        labels["modality"],
        event["modality_label"],
        fast_html.one(_TERM, labels["venue"], event["venue"]) if event["venue"] else "",
        fast_html.one(_TERM, labels["channels"], event["channels"]) if event["channels"] else "",
    )


def event_rows(events: list[dict], public: dict) -> SafeString:
    """An entity's events (accountability.list_rows.event_groups, with the management
    list's counts) as the rows of its table; ``public``: True and False as the page says
    them."""
    return fast_html.rows(
        _EVENT,
        (
            (
                e["date_text"],
                e["url"],
                e["title"],
                e["kind_label"],
                e["modality_label"],
                e["question_count_text"],
                e["unanswered_count_text"],
                e["commitment_count_text"],
                public[bool(e["is_public"])],
            )
            for e in events
        ),
    )


def question_rows(rows: list[dict]) -> SafeString:
    """Questions awaiting an answer (accountability.list_rows.question_todo)."""
    flag = ' <span class="acc-flag">{}</span>'
    return fast_html.rows(
        _QUESTION,
        (
            (
                r["url"],
                r["text"],
                r["event_url"],
                r["event__title"],
                r["unit"],
                r["due"],
                r["status_hex"],
                r["status_label"],
                fast_html.one(flag, r["late"]) if r["late"] else "",
            )
            for r in rows
        ),
    )


def commitment_rows(rows: list[dict]) -> SafeString:
    """Commitments past due (accountability.list_rows.commitment_todo)."""
    return fast_html.rows(
        _COMMITMENT,
        (
            (
                r["text"],
                r["event_url"],
                r["event__title"],
                r["responsible_unit__name"],
                r["due"],
                r["late"],
                r["state"],
            )
            for r in rows
        ),
    )


def follow_up_items(rows: list[dict]) -> SafeString:
    """Follow-ups awaiting review (accountability.list_rows.follow_up_todo)."""
    return fast_html.rows(
        _FOLLOW_UP,
        (
            (
                r["event_url"],
                r["text"],
                r["commitment__responsible_unit__name"],
                r["date_text"],
                r["state"],
            )
            for r in rows
        ),
    )


_SECTION = (
    '\n  <section aria-labelledby="{}">\n'
    '    <h4 id="{}"{}>{}</h4>\n'
    '    <p class="acc-nav">{}</p>\n'
    '<div class="acc-table-wrap" tabindex="0" role="region" aria-label="{}"><table>\n'
    "  <caption>{}</caption>\n"
    "  {}\n  <tbody>\n  {}\n  </tbody>\n</table></div>\n\n  </section>\n  "
)
_HIDDEN = mark_safe(' class="visually-hidden"')  # nosec B308 B703 - a constant attribute


def entity_section(entity, head: SafeString, public: dict) -> SafeString:
    """An entity's section of the management list (accountability.list_rows.event_groups):
    its heading, the links to its yearly pages and its table of events."""
    links = fast_html.rows(
        '<a href="{}">{}</a>', ((a["url"], a["text"]) for a in entity.strategies), " · "
    )
    return fast_html.one(
        _SECTION,
        entity.anchor,
        entity.anchor,
        _HIDDEN if entity.hidden else "",
        entity.organisation["name"],
        links,
        entity.label,
        entity.caption,
        head,
        event_rows(entity.items, public),
    )


def event_tables(groups: list) -> list:
    """``groups`` (accountability.list_rows.event_groups) with each sector's
    ``entities_html``: its entities' sections, written once per page (the template's loop
    over entities cost more than their rows)."""
    public = {True: _("Sí"), False: _("No")}
    head = event_head()
    for sector in groups:
        sections = [entity_section(entity, head, public) for entity in sector.entities]
        # Sections of fast_html: every value in them is escaped.
        sector.entities_html = mark_safe("".join(sections))  # noqa: S308  # nosec B308 B703
    return groups
