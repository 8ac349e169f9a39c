"""The entities' tables of the public corruption risk map, written once per page (issue 15).

A row of the map's tables went through Django's template engine: five translated column
labels, a loop over its controls and an include for its zone badge, about 250 Python calls a
row; each entity's table added a translated caption and the scrolling region. At district
scale a page holds 25 rows in about nine entity tables (the seed shows a few), so the page
grew with its rows. Here the labels, the table's head and the zone badges are made once per
page, and each entity's section is one ``str.format`` of strings escaped as the template
escaped them (``html.escape``, which Django's ``escape`` calls, without its lazy-string
wrapper: every published value is a plain string). The markup is the one the template had,
byte for byte (risks/templates/risks/public_corruption.html places these strings).
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from risks.choices import RiskZone

_SECTION = (
    '\n    <section aria-labelledby="{anchor}">\n'
    '      <h4 id="{anchor}"{hidden}>{name}</h4>\n'
    "      \n"
    '      <div class="table-scroll" tabindex="0" role="region" aria-label="{region}">\n'
    '<table class="stack-on-phone">\n'
    "<caption>{caption}</caption>\n"
    "\n        {head}\n        <tbody>\n        {rows}\n        </tbody>\n      </table>\n</div>\n"
    "    </section>\n    "
)
_ROW = (
    "\n          <tr>\n"
    '            <td data-label="{0}">{5}</td>\n'
    '            <td data-label="{1}">{6}</td>\n'
    '            <td data-label="{2}">{7}</td>\n'
    '            <td data-label="{3}">{8}</td>\n'
    '            <td data-label="{4}">{9}</td>\n'
    "          </tr>\n        "
)
_CONTROL = '<li>{} <span class="muted">({}, {})</span></li>'
_MUTED = '<span class="muted">{}</span>'
_ZONE = '<span class="zone" style="background: {}; color: {}">{}</span>\n'


class Words:
    """What every table of a page shares, translated once: the column labels, the table's
    head, the zone badges, the texts for what is missing, the caption's sentence."""

    def __init__(self, year):
        labels = [
            escape(label)
            for label in (
                _("Código"),
                _("Proceso o proyecto"),
                _("Riesgo"),
                _("Controles"),
                _("Zona residual"),
            )
        ]
        self.labels = labels
        self.head = (
            '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
        ).format(*labels)
        self.zones = {
            zone: _ZONE.format(escape(zone.hex), escape(zone.text_hex), escape(str(zone.label)))
            for zone in RiskZone
        }
        self.unassessed = _MUTED.format(escape(_("Sin valoración publicada"))) + "\n"
        self.no_controls = _MUTED.format(escape(_("No publicados")))
        self.region = escape(_("Tabla desplazable"))
        # {% blocktranslate %}: the sentence translated, the values escaped into it.
        self.caption = _("Riesgos de corrupción de %(name)s, vigencia %(y)s")
        self.year = "" if year is None else f"{year:d}"

    def controls(self, controls: list) -> str:
        if not controls:
            return self.no_controls
        items = "".join(_CONTROL.format(*(escape(str(v)) for v in c)) for c in controls)
        return f"<ol>{items}</ol>"

    def zone(self, zone: RiskZone | None) -> str:
        return self.zones[zone] if zone else self.unassessed

    def row(self, risk) -> str:
        """One risk (risks.public.PublicRisk) as a row of its entity's table."""
        return _ROW.format(
            *self.labels,
            escape(str(risk.code)),
            escape(str(risk.owner)),
            escape(str(risk.name)),
            self.controls(risk.controls),
            self.zone(risk.zone),
        )


def section(entity, anchor: str, hidden: bool, words: Words) -> str:
    """An entity's section: its heading and its table of risks."""
    name = escape(str(entity.organisation.name))
    return _SECTION.format(
        anchor=anchor,
        hidden=' class="visually-hidden"' if hidden else "",
        name=name,
        region=words.region,
        caption=words.caption % {"name": name, "y": words.year},
        head=words.head,
        rows="".join(words.row(risk) for risk in entity.items),
    )


def tables(groups: list, year) -> list:
    """``groups`` (plan.listing.group of a page's risks, of ``year``) with each sector's
    ``entities_html``: its entities' sections."""
    words = Words(year)
    for s, sector in enumerate(groups, 1):
        sections = (
            section(entity, f"entity-{s}-{e}", entity.organisation.name == sector.name, words)
            for e, entity in enumerate(sector.entities, 1)
        )
        # Every value above is escaped; the rest is this module's markup.
        sector.entities_html = mark_safe("".join(sections))  # noqa: S308  # nosec B308 B703
    return groups
