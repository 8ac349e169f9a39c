"""The text a list's search looks at, folded once and stored: accent- and case-insensitive on
SQLite and PostgreSQL alike.

- ``fold`` folds what is typed; ``folded`` is the database's version of it for the accents of
  Spanish (``_ACCENTS``): accented letters replaced, then lowercased.
- ``stored_text(*fields)`` is a column the database computes from a row's own fields,
  folded (a ``GeneratedField``, stored): no write path can forget it, ``QuerySet.update()``
  included. Organisations, plans, projects, events and risks have one (``search_text``).
- ``SearchOn`` names what a list searches: its rows' own stored text (if any) and their
  organisation's and its sector's. ``matching`` keeps the rows where every word typed appears
  in one of them. Nothing is folded per row on a request, so a search costs a comparison of
  stored text per row instead of fourteen REPLACEs of every field of every row (issue 15).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.db import migrations, models
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat, Lower, Replace

# The accented letters of Spanish and their plain form. SQLite's LOWER only knows ASCII, so
# both cases are replaced before lowercasing (fourteen nested REPLACEs: SQLite's parser
# refuses much deeper expressions).
_ACCENTS = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u", "ñ": "n"}
_FOLDS = tuple(_ACCENTS.items()) + tuple((a.upper(), b) for a, b in _ACCENTS.items())
MAX_WORDS = 8
COLUMN = "search_text"


def fold(text: str) -> str:
    """Lowercase text without accents: «Secretaría GENERAL» -> «secretaria general»."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded(expression):
    """The database's version of ``fold`` for the accents of ``_ACCENTS`` (both backends)."""
    for accented, plain in _FOLDS:
        expression = Replace(expression, Value(accented), Value(plain), output_field=TextField())
    return Lower(expression)


def search_words(text: str) -> list[str]:
    return [word for word in fold(text or "").split() if word][:MAX_WORDS]


def stored_text(*fields: str) -> models.GeneratedField:
    """A column the database keeps: ``fields`` separated by spaces, folded."""
    parts: list = []
    for name in fields:
        parts += [Value(" "), models.F(name)] if parts else [models.F(name)]
    return models.GeneratedField(
        expression=folded(Concat(*parts, output_field=TextField())),
        output_field=TextField(),
        db_persist=True,
    )


class InSubquery(Func):
    """``column = ANY(ARRAY(subquery))`` on PostgreSQL: the subquery runs once (an InitPlan),
    the planner expects a short list and an index of the column can answer, where ``IN
    (subquery)`` beside an OR is probed for every row and estimated at a third of the table.
    ``column IN (subquery)`` elsewhere."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, queryset: QuerySet):
        super().__init__(F(column), Subquery(queryset.order_by()))

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        (column, column_params), (subquery, subquery_params) = compiled
        template = "%s = ANY(ARRAY%s)" if connection.vendor == "postgresql" else "%s IN %s"
        return template % (column, subquery), (*column_params, *subquery_params)


def organisations_with(word: str) -> QuerySet:
    """The ids of the organisations whose name or code, or whose sector's, holds ``word``
    (each asked of the organisations' stored text, behind its trigram index)."""
    from plan.models import Organisation

    named = Organisation.objects.filter(**{f"{COLUMN}__contains": word}).values("pk")
    in_sector = Organisation.objects.filter(InSubquery("sector_id", named))
    return Organisation.objects.filter(
        Q(InSubquery("pk", named)) | Q(InSubquery("pk", in_sector.values("pk")))
    ).values("pk")


@dataclass(frozen=True)
class SearchOn:
    """What a list's search looks at: the stored text of its rows (``own``: a column, None
    when a row has no text of its own), and the names and codes of their organisation and
    of its sector, through ``owner``: the row's column naming the organisation, or what the
    organisation holds (an event's strategy), with ``owned(organisations)`` giving the ids
    of the owners of those organisations."""

    own: str | None = COLUMN
    owner: str = "organisation_id"
    owned: Callable[[QuerySet], QuerySet] | None = None


# A row's own text (a plan's name and slug, a project's or a risk's name and code, an event's
# title) and its organisation's and sector's names and codes.
OWN_AND_ORGANISATION = SearchOn()
ORGANISATIONS = SearchOn(own=None)  # what belongs to an organisation: its names and codes only


def matching(queryset: QuerySet, text: str, on: SearchOn = OWN_AND_ORGANISATION) -> QuerySet:
    """Rows where every word of ``text`` is in their own stored text or in their
    organisation's or its sector's. Every condition is on the rows' own columns, so on
    PostgreSQL each word is answered by indexes (a trigram index of the text, the owner's
    index) rather than by reading every row."""
    for word in search_words(text):
        owners = organisations_with(word)
        if on.owned is not None:
            owners = on.owned(owners)
        match = Q(InSubquery(on.owner, owners))
        if on.own:
            match |= Q(**{f"{on.own}__contains": word})
        queryset = queryset.filter(match)
    return queryset


# A search finding at most this many rows reads their ids instead of counting them, and its
# page asks for those ids: the planner, which cannot tell how many rows several words match,
# sorts the few found instead of walking the whole list in order to fill a page.
FEW = 500


def found(
    queryset: QuerySet, text: str, on: SearchOn = OWN_AND_ORGANISATION
) -> tuple[QuerySet, int | None]:
    """``matching`` rows as a list page reads them: (rows, their count when already known).
    One query, like the COUNT it replaces."""
    if not search_words(text):
        return queryset, None
    rows = matching(queryset, text, on)
    ids = list(rows.order_by().values_list("pk", flat=True)[: FEW + 1])
    if len(ids) > FEW:
        return rows, None
    return queryset.filter(pk__in=ids), len(ids)


def trigram_index(table: str, index: str) -> migrations.RunPython:
    """The migration operation that gives ``table``'s stored search text a trigram index on
    PostgreSQL (pg_trgm, a trusted extension since PostgreSQL 13), so that a LIKE '%word%'
    reads the index instead of every row. SQLite, the embedded default, reads the column (a
    search there is a first run's, not a district's)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({COLUMN} gin_trgm_ops)"
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(create, drop)
