"""The rows of the public corruption risk map, written once per page (issue 15).

A row of the map's tables went through Django's template engine: five translated column
labels, a loop over its controls and an include for its zone badge, about 250 Python calls a
row. At district scale a page holds 25 rows in about nine entity tables (the seed shows a
few), so the page grew with its rows. Here the labels, the table's head and the zone badges
are made once per page and ``format_html_join`` writes each row, escaping every value as the
template did. The markup is the one the template had, byte for byte
(risks/templates/risks/public_corruption.html places these strings).
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from risks.choices import RiskZone

_ROW = (
    "\n          <tr>\n"
    '            <td data-label="{}">{}</td>\n'
    '            <td data-label="{}">{}</td>\n'
    '            <td data-label="{}">{}</td>\n'
    '            <td data-label="{}">{}</td>\n'
    '            <td data-label="{}">{}</td>\n'
    "          </tr>\n        "
)
_CONTROL = '<li>{} <span class="muted">({}, {})</span></li>'
_ZONE = '<span class="zone" style="background: {}; color: {}">{}</span>\n'
_MUTED = '<span class="muted">{}</span>'


class Words:
    """What every row of a page shares, translated once: the column labels, the table's
    head, the zone badges and the texts for what is missing."""

    def __init__(self):
        self.labels = (_("Código"), _("Proceso o proyecto"), _("Riesgo"), _("Controles"))
        self.zone_label = _("Zona residual")
        self.head = format_html(
            '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>',
            *self.labels,
            self.zone_label,
        )
        self.zones = {
            zone: format_html(_ZONE, zone.hex, zone.text_hex, zone.label) for zone in RiskZone
        }
        self.unassessed = format_html(_MUTED + "\n", _("Sin valoración publicada"))
        self.no_controls = format_html(_MUTED, _("No publicados"))

    def controls(self, controls: list) -> SafeString:
        if not controls:
            return self.no_controls
        items = format_html_join("", _CONTROL, controls)
        return format_html("<ol>{}</ol>", items)

    def zone(self, zone: RiskZone | None) -> SafeString:
        return self.zones[zone] if zone else self.unassessed


def rows(risks: list, words: Words) -> SafeString:
    """An entity's risks (risks.public.PublicRisk) as the rows of its table."""
    code, owner, name, controls = words.labels
    return format_html_join(
        "",
        _ROW,
        (
            (
                code,
                risk.code,
                owner,
                risk.owner,
                name,
                risk.name,
                controls,
                words.controls(risk.controls),
                words.zone_label,
                words.zone(risk.zone),
            )
            for risk in risks
        ),
    )


def tables(groups: list) -> tuple[list, SafeString]:
    """``groups`` (plan.listing.group of a page's risks) with each entity's ``rows``, and
    the head every entity's table shares."""
    words = Words()
    for sector in groups:
        for entity in sector.entities:
            entity.rows = rows(entity.items, words)
    return groups, words.head
