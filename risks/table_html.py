"""The bodies of the risk register's and the risk alerts' tables, written once per page.

A row of these tables printed six to nine values through Django's template engine, about 200
Python calls a row; at district scale the register holds a page of 50 risks and the alerts two
lists of 25 where the seed's alerts have none (issue 15). ``plan.fast_html`` writes a row in a
fraction of that and escapes every value as the templates did. Each entity's rows sit in
their own ``<tbody>`` under a row naming its sector and entity, as on every grouped list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from plan import fast_html, listing
from risks import alert_rows

_GROUP = (
    '\n  <tbody>\n    <tr class="group-row"><th scope="rowgroup" colspan="{}">'
    '<span class="group-label">{} · {}</span></th></tr>{}\n  </tbody>'
)
# Each table's cells: (its column's heading, the cell's attributes, its markup with the ``{}``
# its values fill). The heading, the same message the template's <th> prints, names the cell
# (``data-label``) where a phone stacks the table (``.stack-table``).
_REGISTER_CELLS = (
    (_("Código"), "", '<a href="{}">{}</a>'),
    (_("Vigencia"), ' class="fold"', "{}"),
    (_("Tipo"), "", "{}"),
    (_("Riesgo"), ' class="risk-name"', "{}"),
    (_("Proceso o proyecto"), "", "{}"),
    (_("Dependencia"), "", "{}"),
    (_("Zona inherente"), "", "{}"),
    (_("Zona residual"), "", "{}"),
    (_("Tratamiento"), "", "{}"),
)
_WITHOUT_PLAN_CELLS = (
    (_("Código"), "", '<a href="{}">{}</a>'),
    (_("Riesgo"), ' class="risk-name"', "{}"),
    (_("Zona residual"), "", "{}"),
    (_("Dependencia"), "", "{}"),
    (_("Situación"), "", "{}"),
)
_OVERDUE_CELLS = (
    (_("Corte"), "", "{}"),
    (_("Fecha límite"), "", "{}"),
    (_("Código"), "", '<a href="{}">{}</a>'),
    (_("Riesgo"), ' class="risk-name"', "{}"),
    (_("Dependencia"), "", "{}"),
    (_("Situación"), "", "{}"),
)


def row_markup(cells) -> str:
    """The markup of one row of ``cells`` in the active language, for ``fast_html.rows``:
    each heading escaped once per page (and its braces doubled for ``str.format``)."""
    tds = "".join(
        '      <td{} data-label="{}">{}</td>\n'.format(
            attributes, escape(str(label)).replace("{", "{{").replace("}", "}}"), markup
        )
        for label, attributes, markup in cells
    )
    return f"\n    <tr>\n{tds}    </tr>"


def _entity_label(entity: listing.EntityGroup, link_title: str) -> SafeString:
    name = entity.organisation.name
    if entity.link:
        return fast_html.one('<a href="{}" title="{}">{}</a>', entity.link, link_title, name)
    return fast_html.one("{}", name)


def grouped(
    groups: list[listing.SectorGroup],
    columns: int,
    row: str,
    values: Callable[[dict], Iterable],
    link_title: str = "",
) -> SafeString:
    """Each entity of ``groups`` as a ``<tbody>``: a row naming its sector and entity (linked
    when the entity has a ``link``), then its items written with ``row``, the markup of one
    row, filled with ``values(item)``."""
    bodies = (
        fast_html.one(
            _GROUP,
            columns,
            sector.label,
            _entity_label(entity, link_title),
            fast_html.rows(row, map(values, entity.items)),
        )
        for sector in groups
        for entity in sector.entities
    )
    return mark_safe("".join(bodies))  # noqa: S308  # nosec B308 B703: each body is escaped


def register_body(groups: list[listing.SectorGroup], link_title: str) -> SafeString:
    """The register's rows (risks.register_rows.groups), each entity linked to the register
    narrowed to it."""
    return grouped(groups, 9, row_markup(_REGISTER_CELLS), _register_values, link_title)


def without_plan_body(groups: list[listing.SectorGroup]) -> SafeString:
    """The rows of the risks without a current plan (risks.alert_rows.without_plan_groups)."""
    return grouped(groups, 5, row_markup(_WITHOUT_PLAN_CELLS), _without_plan_values)


def overdue_body(groups: list[listing.SectorGroup]) -> SafeString:
    """The rows of the overdue follow-ups (risks.alert_rows.overdue_groups)."""
    return grouped(groups, 6, row_markup(_OVERDUE_CELLS), _overdue_values)


def alert_body(overdue: bool, rows: list[dict], sectors: dict) -> SafeString:
    """The rows of the alerts' list shown: overdue follow-ups or risks without a plan, under
    their sectors (named from ``sectors``: plan.listing.sector_in)."""
    if overdue:
        return overdue_body(alert_rows.overdue_groups(rows, sectors))
    return without_plan_body(alert_rows.without_plan_groups(rows, sectors))


def _register_values(risk: dict) -> tuple:
    return (
        risk["url"],
        risk["code"],
        risk["year_text"],
        risk["kind_label"],
        risk["name"],
        risk["owner"],
        risk["unit"],
        risk["inherent"],
        risk["residual"],
        risk["treatment_label"],
    )


def _without_plan_values(row: dict) -> tuple:
    return (row["url"], row["code"], row["name"], row["zone"], row["unit"], row["reason_text"])


def _overdue_values(row: dict) -> tuple:
    return (
        row["cutoff_text"],
        row["deadline_text"],
        row["url"],
        row["code"],
        row["name"],
        row["unit"],
        row["reason_text"],
    )
