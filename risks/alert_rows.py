"""The risk alerts' pages of rows as plain dictionaries, finished once per page (issue 15).

At district scale each alert list fills its page of 25 rows where the seed's has none; a row
read as a risk with its entity, unit and assessment as model instances, printed by a template
that looked up an address, a zone badge, a translation and two dates per row, cost what the
rest of the page did. As in the register (risks.register_rows), a row is read as values
(names and zones by key: ``register_rows.lookup``) and everything it prints is made here.
"""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plan import listing
from plan.formatting import format_date, format_number
from risks import due
from risks.register import MISSING, NO_PLAN, PLAN_EXPIRED, RETURNED
from risks.register_rows import by_entity, lookup, zone_badges

_COMMON = ("id", "code", "name", "organisation_id", *listing.entity_columns())
_OVERDUE = (
    "risk_id",
    "risk__code",
    "risk__name",
    "organisation_id",
    *listing.entity_columns(),
    "cutoff_id",
    "cutoff_date",
    "deadline",
    "returned",
)


def without_plan_page(risks: QuerySet) -> QuerySet:
    """One page of risks without a current plan (the ``arrange`` of plan.listing.paginate):
    by sector and entity, newest year first, then code; ``has_actions`` says whether the risk
    has any activity."""
    has_actions = ExpressionWrapper(~Q(alert_plan_end=due.NO_PLAN), output_field=BooleanField())
    return (
        risks.annotate(
            has_actions=has_actions,
            unit_name=lookup("unit_name"),
            residual_zone=lookup("residual_zone"),
        )
        .order_by(*listing.sector_order(), "-year", "code", "id")
        .values(*_COMMON, "has_actions", "unit_name", "residual_zone")
    )


def overdue_page(rows: QuerySet) -> QuerySet:
    """One page of overdue follow-ups (risks.alerts.overdue_follow_ups: pending rows): by
    sector and entity, then cutoff and the risk's code. Each row has its risk's ``risk_id``,
    ``risk__code`` and ``risk__name`` (``overdue_groups`` names them as the other list's)."""
    return (
        rows.annotate(unit_name=lookup("unit_name", "risk__"))
        .order_by(*listing.sector_order(), "cutoff_date", "cutoff_id", "risk__code", "risk_id")
        .values(*_OVERDUE, "unit_name")
    )


def plan_reason(has_actions: bool) -> str:
    return PLAN_EXPIRED if has_actions else NO_PLAN


def overdue_reason(returned: bool) -> str:
    return RETURNED if returned else MISSING


def without_plan_groups(rows: list[dict], sectors: dict) -> list[listing.SectorGroup]:
    """The page's rows by sector and entity, each with its ``url``, ``zone`` badge, ``unit``,
    ``reason`` (a code of risks.register) and ``reason_text``. No query."""
    url, zones = listing.number_url("risks:risk_detail"), zone_badges()
    unassessed = format_html('<span class="muted">{}</span>', _("Sin valorar"))
    texts = {
        PLAN_EXPIRED: _("Todas las actividades del plan ya vencieron"),
        NO_PLAN: _("Sin plan de acción"),
    }
    for row in rows:
        row["url"] = url(row["id"])
        row["zone"] = zones.get(row["residual_zone"], unassessed)
        row["unit"] = row["unit_name"] or "—"
        row["reason"] = plan_reason(row["has_actions"])
        row["reason_text"] = texts[row["reason"]]
    return by_entity(rows, sectors)


def overdue_groups(rows: list[dict], sectors: dict) -> list[listing.SectorGroup]:
    """The page's rows by sector and entity, each with its ``url``, ``cutoff_text``,
    ``deadline_text``, ``unit``, ``reason`` and ``reason_text``. No query."""
    url = listing.number_url("risks:risk_detail")
    texts = {RETURNED: _("Devuelto y no enviado de nuevo"), MISSING: _("Sin reportar")}
    for row in rows:
        row["id"], row["code"], row["name"] = row["risk_id"], row["risk__code"], row["risk__name"]
        row["url"] = url(row["id"])
        row["cutoff_text"] = format_date(row["cutoff_date"])
        row["deadline_text"] = format_date(row["deadline"])
        row["unit"] = row["unit_name"] or "—"
        row["reason"] = overdue_reason(row["returned"])
        row["reason_text"] = texts[row["reason"]]
    return by_entity(rows, sectors)


def tabs(query, counts: dict[str, int], shown: str) -> list[dict]:
    """The alerts' two lists as links above the one shown: each with its ``label``, its
    ``count`` as the page writes numbers, its ``url`` (the same filters, its first page) and
    whether it is ``current``. ``counts``: by list key, without-plan first."""
    labels = [_("Sin plan de acción vigente"), _("Seguimientos vencidos")]
    base = query.copy()
    for name in ("lista", listing.PAGE, "pagina_vencidos"):
        base.pop(name, None)
    found = []
    for (key, count), label in zip(counts.items(), labels, strict=True):
        narrowed = base.copy()
        narrowed["lista"] = key
        found.append(
            {
                "key": key,
                "label": label,
                "count": format_number(count, 0, get_language()),
                "url": f"?{narrowed.urlencode()}",
                "current": key == shown,
            }
        )
    return found
