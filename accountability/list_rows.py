"""The rows of the accountability lists as plain dictionaries (issue 15).

A page of the events lists (public and management) and the management page's to-do lists
print up to 25 rows each at district scale, where the seed shows a handful. What keeps a row
cheap, as on the citizens' home (public.home_page): the rows are read as values rather than
model instances (``EVENT_ROW``, ``QUESTION_ROW`` ...: the columns a row prints, not every text
of an event or question), and everything a row prints is finished here as text: what rows
share (addresses from a prefix, labels, the sentences) once per page, the rest (dates, counts,
days late) per row, memoised where rows repeat it. The templates only place strings; Django's
templates look a name up in a dictionary directly.
"""

from __future__ import annotations

import datetime
import unicodedata
from urllib.parse import quote

from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from accountability import calculations as calc
from accountability.choices import AnswerStatus, CommitmentStatus, EventKind, Modality
from plan import listing
from plan.formatting import format_date, format_magnitude, format_number

ORGANISATION = "strategy__organisation"  # an event's path to the organisation that holds it

# What a page of the events lists reads of each event (plan.listing.with_sector adds the
# group_sector_* values; the lists' loaders add their counts).
EVENT_ROW = (
    "id",
    "slug",
    "title",
    "kind",
    "date",
    "time",
    "modality",
    "venue",
    "channels",
    "is_public",
    "strategy_id",
    "strategy__year",
    "strategy__organisation_id",
    "strategy__organisation__name",
    "strategy__organisation__code",
    "group_sector_id",
    "group_sector_name",
    "group_sector_code",
)

# The yearly pages an entity of each list links to: (view, sentence with the year).
PUBLIC_LINKS = (("accountability:report", gettext_noop("Informe anual %(year)s")),)
MANAGE_LINKS = (
    ("accountability:timeline", gettext_noop("Cronograma %(year)s")),
    ("accountability:report", gettext_noop("Informe %(year)s")),
)


class Words:
    """What the rows of one page share, worked out once: addresses, labels, formatted dates
    and numbers (memoised: a page's events share their dates, its counts are small)."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today
        self.language = get_language()
        self.kinds, self.modalities = listing.labels(EventKind), listing.labels(Modality)
        # The management list's table of each entity: its region's label and its caption.
        self.region = _("Espacios de %(entity)s (tabla desplazable)")
        self.caption = _("Espacios de rendición de cuentas de %(entity)s")
        self._dates: dict = {}
        self._numbers: dict = {}
        self._shares: dict = {}
        self._once: dict = {}

    def date(self, value) -> str:
        if value not in self._dates:
            self._dates[value] = format_date(value)
        return self._dates[value]

    def number(self, value) -> str:
        if value not in self._numbers:
            self._numbers[value] = format_number(value, 0, self.language)
        return self._numbers[value]

    def once(self, make, *args):
        """``make(*args)`` once per page (a sentence with its number of days)."""
        key = (make, *args)
        if key not in self._once:
            self._once[key] = make(*args)
        return self._once[key]

    def share(self, value) -> str:
        """A share as ``accountability_tags.share`` prints it: 48% · 33,33%."""
        if value not in self._shares:
            text = format_magnitude(value, self.language)
            self._shares[value] = f"{text}%" if text else ""
        return self._shares[value]


def event_groups(rows: list[dict], viewname: str, links, today, counts=()) -> list:
    """One page of events (``EVENT_ROW`` values, in the lists' order) under sector and entity
    headers (their ``anchor`` and ``label``; an entity's ``hidden`` when its name repeats its
    sector's), as ``includes/sector_groups.html`` prints them. Each event gets its address
    (``viewname``: the public page or the management one), kind and modality in the active
    language, its date and time as text, whether it is still ahead (``today``) and its
    ``counts`` as text; each entity its organisation (``name``, ``code``, ``id``), the
    ``links`` of its events' years, newest first, and its table's label and caption. No
    query."""
    words = Words(today)
    url = listing.slug_url(viewname)
    for row in rows:
        _event(row, url, words, counts)
    groups = listing.group(rows, _sector, lambda row: row["strategy__organisation_id"])
    pages = [(listing.number_url(view), _(sentence)) for view, sentence in links]
    no_sector = _("Sin sector")
    for s, sector in enumerate(groups, 1):
        sector.anchor, sector.label = f"sector-{s}", sector.name or no_sector
        for e, entity in enumerate(sector.entities, 1):
            entity.organisation = organisation = _organisation(entity.items[0])
            entity.anchor = f"entity-{s}-{e}"
            entity.hidden = organisation["name"] == sector.name
            entity.strategies = _links(entity.items, organisation["code"], pages)
            entity.label = words.region % {"entity": organisation["name"]}
            entity.caption = words.caption % {"entity": organisation["name"]}
    return groups


def _sector(row: dict) -> tuple:
    return row["group_sector_id"], row["group_sector_name"], row["group_sector_code"]


def _organisation(row: dict) -> dict:
    return {
        "id": row["strategy__organisation_id"],
        "name": row["strategy__organisation__name"],
        "code": row["strategy__organisation__code"],
    }


def _event(row: dict, url, words: Words, counts) -> None:
    date, time = row["date"], row["time"]
    row["url"] = url(row["slug"])
    row["kind_label"] = words.kinds.get(row["kind"], row["kind"])
    row["modality_label"] = words.modalities.get(row["modality"], row["modality"])
    row["date_text"] = words.date(date)
    row["when"] = f"{row['date_text']}, {time:%H:%M}" if time else row["date_text"]
    row["upcoming"] = words.today is not None and date >= words.today
    for name in counts:
        row[f"{name}_text"] = words.number(row[name])


def _links(rows: list[dict], code: str, pages) -> list[dict]:
    """For each year of ``rows``' strategies (newest first), each page's link and text."""
    years = sorted({row["strategy__year"] for row in rows}, reverse=True)
    query = f"?entidad={quote(code, safe='/')}"
    return [
        {"url": f"{url(year)}{query}", "text": sentence % {"year": year}}
        for year in years
        for url, sentence in pages
    ]


# --- The management page's to-do lists ----------------------------------------------------------

QUESTION_ROW = (
    "id",
    "text",
    "answered_during_event",
    "answer_due",
    "answered_on",
    "answering_unit__name",
    "event__slug",
    "event__title",
)
COMMITMENT_ROW = (
    "id",
    "description",
    "status",
    "progress",
    "due_date",
    "responsible_unit__name",
    "event__slug",
    "event__title",
)
FOLLOW_UP_ROW = (
    "id",
    "date",
    "status",
    "progress",
    "commitment__description",
    "commitment__responsible_unit__name",
    "commitment__event__slug",
    "commitment__event__title",
)


def question_todo(rows: list[dict], today: datetime.date) -> list[dict]:
    """Unanswered questions (``QUESTION_ROW`` values) as the to-do list prints them."""
    words, answer = Words(today), listing.number_url("accountability:answer_question")
    event, unassigned = listing.slug_url("accountability:manage_event"), _("Sin asignar")
    statuses = {status: (str(status.label), status.hex) for status in AnswerStatus}
    for row in rows:
        status = calc.answer_status(
            answered_during_event=row["answered_during_event"],
            answer_due=row["answer_due"],
            answered_on=row["answered_on"],
            today=today,
        )
        late = "" if row["answered_during_event"] else _late(row, today, words)
        row |= {
            "url": answer(row["id"]),
            "text": truncate(row["text"], 140),
            "event_url": event(row["event__slug"]),
            "unit": row["answering_unit__name"] or unassigned,
            "due": words.date(row["answer_due"]),
            "status_label": statuses[status][0],
            "status_hex": statuses[status][1],
            "late": late if calc.answer_is_flagged(status) else "",
        }
    return rows


def _late(row: dict, today: datetime.date, words: Words) -> str:
    days = calc.days_late(row["answer_due"], row["answered_on"], today)
    return words.once(_days, days, words.number(days))


def _days(days: int, shown: str) -> str:
    return ngettext("%(shown)s día", "%(shown)s días", days) % {"shown": shown}


def truncate(text: str, length: int) -> str:
    """``truncatechars``: ``Truncator.chars`` (which normalises to NFC), without walking
    every character of a text that fits."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def commitment_todo(rows: list[dict], today: datetime.date) -> list[dict]:
    """Commitments past due (``COMMITMENT_ROW`` values) as the to-do list prints them."""
    words, event = Words(today), listing.slug_url("accountability:manage_event")
    statuses = listing.labels(CommitmentStatus)
    for row in rows:
        overdue = calc.commitment_is_overdue(row["status"], row["due_date"], today)
        days = calc.days_late(row["due_date"], None, today) if overdue else 0
        late = words.once(_past_due, days, words.number(days))
        row |= {
            "text": truncate(row["description"], 140),
            "event_url": event(row["event__slug"]),
            "due": words.date(row["due_date"]),
            "late": late,
            "state": f"{statuses[row['status']]}, {words.share(row['progress'])}",
        }
    return rows


def _past_due(days: int, shown: str) -> str:
    sentence = ngettext("%(shown)s día de retraso", "%(shown)s días de retraso", days)
    return sentence % {"shown": shown}


def follow_up_todo(rows: list[dict]) -> list[dict]:
    """Follow-ups awaiting review (``FOLLOW_UP_ROW`` values) as the to-do list prints them."""
    words, event = Words(), listing.slug_url("accountability:manage_event")
    statuses = listing.labels(CommitmentStatus)
    for row in rows:
        row |= {
            "event_url": event(row["commitment__event__slug"]),
            "text": truncate(row["commitment__description"], 100),
            "date_text": words.date(row["date"]),
            "state": f"{statuses[row['status']]}, {words.share(row['progress'])}",
        }
    return rows
