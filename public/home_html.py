"""The markup of an entity's block on the citizens' home: its heading, mission and vision, and
its plans' cards, written once per page from ``public.home_page``'s finished strings.

Through the template engine each card's eight values cost about 20 Python calls each (a lookup
that first fails as an index, localisation, escaping); at district scale the page holds twelve
entities with a card each where the seed's holds one with three (issue 15). ``plan.fast_html``
escapes every value as the template did, and the markup is the template's.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from plan import fast_html

_ENTITY = (
    '\n  <section aria-labelledby="{}">\n  <h3 id="{}"{}>{}</h3>{}\n'
    '  <h4 class="visually-hidden">{}</h4>\n  <ul class="cards">{}\n  </ul>\n  </section>'
)
_HIDDEN = ' class="visually-hidden"'
_ABOUT = '\n  <div class="about">{}{}\n  </div>\n  <p class="muted small">{}</p>'
_STATEMENT = "\n    <div><h4>{}</h4><p>{}</p></div>"
_CARD_START = (
    '\n    <li class="card">\n      <h4><a href="{}">{}</a></h4>\n'
    '      <p class="muted small">{}</p>'
)
_FIGURE = (
    '\n      <p class="figure-big">{}</p>\n      <p><span class="badge" style="background: {}">'
    "{}</span>\n      {}</p>\n    </li>"
)
_NO_FIGURE = '\n      <p class="figure-none">{}</p>\n    </li>'


def entity(block: dict, cards: list[dict], words: dict) -> SafeString:
    """``block`` (``home_page._entity``: anchor, name, name_hidden, source, mission, vision)
    and its plans' ``cards`` as the page prints them; ``words``: the page's headings
    (mission, vision, plans)."""
    about = ""
    if block["source"]:
        about = fast_html.one(
            _ABOUT,
            _statement(words["mission"], block.get("mission")),
            _statement(words["vision"], block.get("vision")),
            block["source"],
        )
    markup = mark_safe("".join(map(_card, cards)))  # noqa: S308  # nosec B308 B703
    return fast_html.one(
        _ENTITY,
        block["anchor"],
        block["anchor"],
        mark_safe(_HIDDEN if block["name_hidden"] else ""),  # noqa: S308  # nosec B308 B703
        block["name"],
        about,
        words["plans"],
        markup,
    )


def _statement(heading: str, text: str | None) -> SafeString:
    return fast_html.one(_STATEMENT, heading, text) if text else mark_safe("")  # noqa: S308  # nosec B308 B703


def _card(card: dict) -> SafeString:
    start = fast_html.one(_CARD_START, card["url"], card["name"], card["about"])
    if card["figure"]:
        end = fast_html.one(
            _FIGURE, card["figure"], card["colour_hex"], card["colour"], card["as_of"]
        )
    else:
        end = fast_html.one(_NO_FIGURE, card["as_of"])
    return start + end
