"""Audit timelines from history records (pure): who changed what, when, from which value to
which. The history itself is kept by django-simple-history; reporting/queries.py turns its
records into ``Version`` values with display strings, and this module diffs them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CREATED, CHANGED, DELETED = "+", "~", "-"


@dataclass(frozen=True)
class Version:
    """One historical record: the object's values (already as display text) after a change."""

    model: str  # e.g. "Medición"
    object_key: tuple  # identifies the object across its versions
    object_label: str
    when: datetime.datetime
    user: str
    kind: str  # CREATED, CHANGED or DELETED
    values: dict[str, str]  # field label -> display value
    order: int = 0  # history id, to order records with the same timestamp
    note: str = ""  # the record's change reason (e.g. an approval without «cuatro ojos»)


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    user: str
    model: str
    object_label: str
    action: str
    changes: tuple[Change, ...] = field(default_factory=tuple)
    note: str = ""


def action_label(kind: str) -> str:
    return {CREATED: _("Creación"), CHANGED: _("Modificación"), DELETED: _("Eliminación")}[kind]


def timeline(versions: Iterable[Version], extra: Iterable[Entry] = ()) -> list[Entry]:
    """Entries newest first. A change shows only the fields that differ from the object's
    previous version; a record that changed nothing visible is left out."""
    by_object: dict[tuple, list[Version]] = defaultdict(list)
    for version in versions:
        by_object[(version.model, version.object_key)].append(version)
    entries = list(extra)
    for history in by_object.values():
        history.sort(key=lambda v: (v.when, v.order))
        previous: dict[str, str] = {}
        for version in history:
            if version.kind == CREATED:
                changes = [Change(k, "", v) for k, v in version.values.items() if v != ""]
            elif version.kind == DELETED:
                changes = [Change(k, v, "") for k, v in version.values.items() if v != ""]
            else:
                changes = [
                    Change(k, previous.get(k, ""), v)
                    for k, v in version.values.items()
                    if previous.get(k, "") != v
                ]
                if not changes and not version.note:
                    previous = version.values
                    continue
            entries.append(
                Entry(
                    when=version.when,
                    user=version.user,
                    model=version.model,
                    object_label=version.object_label,
                    action=action_label(version.kind),
                    changes=tuple(changes),
                    note=version.note,
                )
            )
            previous = version.values
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
