"""Lists at district scale: plans (or what belongs to them) grouped by sector and entity,
searched by name and code, one page at a time.

- **Order**: by sector (the entity's sector, or the organisation itself when it is a sector,
  which owns the sector plan), the sector's own organisation first, then its entities by
  name; organisations without a sector last («Sin sector»). Each organisation's place in that
  order is stored (``Organisation.list_position``, kept by ``plan.list_order``), so a page
  reads its rows from an index instead of sorting every row by names.
- **Search**: accent- and case-insensitive on SQLite and PostgreSQL alike (plan.search_text):
  every word typed, folded, must appear in a text the database stored folded: the row's own
  (a plan's name and slug), its entity's name and code, or its sector's.
- **Pages**: ``PAGE_SIZE`` rows; a page costs a COUNT and the page's rows whatever the size.
  ``group`` turns the rows of one page into sector and entity headers, so every page repeats
  the headers of what it shows.
- **Rows**: what is the same for every row is worked out once per page, not once per row
  (issue 15: a page of 25 rows should cost about what a page of 3 does): ``slug_url``
  reverses a URL once for all the page's slugs (``number_url``: ids and years), ``labels``
  translates a choice's labels once (a Spanish message missing from the catalogue walks the
  whole chain of fallback catalogues at every lookup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plan import search_text
from plan.choices import OrganisationKind

PAGE_SIZE = 25
SEARCH = "q"  # the GET parameter of the search box
PAGE = "pagina"  # the GET parameter of the page number


def _path(prefix: str, name: str):
    return F(f"{prefix}{name}")


def with_sector(queryset: QuerySet, organisation: str = "organisation") -> QuerySet:
    """``queryset`` annotated with the sector of its organisation (``organisation`` is the
    lookup path to it, "" for organisations themselves); nothing else is fetched."""
    org = f"{organisation}__" if organisation else ""
    is_sector = Q(**{f"{org}kind": OrganisationKind.SECTOR})
    return queryset.annotate(
        group_sector_id=Coalesce(
            _path(org, "sector_id"),
            Case(When(is_sector, then=_path(org, "id")), output_field=IntegerField()),
        ),
        group_sector_name=Coalesce(
            _path(org, "sector__name"),
            Case(When(is_sector, then=_path(org, "name")), output_field=CharField()),
        ),
        group_sector_code=Coalesce(
            _path(org, "sector__code"),
            Case(When(is_sector, then=_path(org, "code")), output_field=CharField()),
        ),
        group_sector_head=Case(When(is_sector, then=Value(0)), default=Value(1)),
    )


def sector_keys(organisation: str = "organisation") -> list:
    """The district's order of organisations, on a queryset annotated by ``with_sector``:
    sector, its head first, entity by name. ``plan.list_order`` numbers every organisation in
    it (``Organisation.list_position``)."""
    org = f"{organisation}__" if organisation else ""
    return [
        F("group_sector_name").asc(nulls_last=True),
        F("group_sector_id").asc(nulls_last=True),
        "group_sector_head",
        f"{org}name",
        f"{org}id",
    ]


def sector_order(organisation: str = "organisation") -> list:
    """The ``order_by`` of a list in ``sector_keys``' order, read from the organisation's
    stored place (``list_position``, behind an index) rather than sorted again from the
    names of every row on each page."""
    return [
        F(f"{organisation}__list_position").asc(nulls_last=True),
        f"{organisation}__id",
    ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar por nombre o código"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def text(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


def paginate(
    request, queryset, per_page: int = PAGE_SIZE, arrange=None, param: str = PAGE, count=None
) -> Page:
    """The page asked for (``?pagina=``, or ``?<param>=`` on a page of two lists), the last
    one when past the end: two queries (the count, then the page's rows, read once into a
    list). ``arrange(rows)`` adds what only the page's rows need (their sector, related rows,
    order); the COUNT is asked of ``queryset`` without it, so it joins nothing a search does
    not. A ``count`` already known (from a grouped count of the same rows) saves the COUNT."""
    if arrange is None and count is None:
        rows = queryset
    else:
        rows = _Arranged(queryset, arrange or (lambda rows: rows), count)
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    page.object_list = list(page.object_list)
    return page


class _Arranged:
    """``queryset`` as the paginator sees it: counted as it is (or ``known``), sliced once
    arranged."""

    ordered = True  # arrange orders the rows

    def __init__(self, queryset: QuerySet, arrange: Callable[[QuerySet], QuerySet], known=None):
        self.queryset, self.arrange, self.known = queryset, arrange, known

    def count(self) -> int:
        return self.queryset.count() if self.known is None else self.known

    def __getitem__(self, key):
        return self.arrange(self.queryset)[key]


@dataclass
class EntityGroup:
    organisation: object
    items: list = field(default_factory=list)
    link: str = ""  # an address that narrows the list to this entity, where a page offers one


@dataclass
class SectorGroup:
    name: str | None  # None: «Sin sector»
    code: str | None
    entities: list[EntityGroup] = field(default_factory=list)


def group(
    items: Iterable, sector: Callable[[object], tuple], organisation: Callable[[object], object]
) -> list[SectorGroup]:
    """Consecutive ``items`` (already in ``sector_order``) under their sector and entity.
    ``sector(item)`` -> (id, name, code); ``organisation(item)`` -> the organisation."""
    groups: list[SectorGroup] = []
    last_sector = object()
    for item in items:
        sector_id, name, code = sector(item)
        if sector_id != last_sector or not groups:
            groups.append(SectorGroup(name, code))
            last_sector = sector_id
        entities = groups[-1].entities
        owner = organisation(item)
        if not entities or entities[-1].organisation != owner:
            entities.append(EntityGroup(owner))
        entities[-1].items.append(item)
    return groups


# What ``sector_in`` reads of a row: plain columns of its organisation. The expressions of
# ``with_sector`` (three COALESCE of a CASE and a fourth CASE) cost 0,6 ms of Django's query
# building on each page query, and a join to the sector 0,37 ms more at L (issue 15): the
# sectors' names are read once per page instead, by the page's own sector filter.
_ENTITY_COLUMNS = ("kind", "name", "code", "sector_id")


def entity_columns(organisation: str = "organisation") -> list[str]:
    """The ``values()`` a row needs for ``sector_in`` (besides ``<organisation>_id``)."""
    return [f"{organisation}__{column}" for column in _ENTITY_COLUMNS]


def sector_in(sectors: dict[int, tuple[str, str]], organisation: str = "organisation"):
    """``group``'s ``sector`` for rows read with ``entity_columns``: (id, name, code) of
    their organisation's sector, named from ``sectors`` ({id: (name, code)} of every sector
    the rows can belong to), of the organisation itself when it is a sector (it heads its own
    group), or (None, None, None): the values ``with_sector`` computes in SQL."""
    org = f"{organisation}__"
    kind, own, sector_id = f"{org}kind", f"{organisation}_id", f"{org}sector_id"

    def sector(row: dict) -> tuple:
        if row[sector_id] is not None:
            return (row[sector_id], *sectors[row[sector_id]])
        if row[kind] == OrganisationKind.SECTOR:
            return row[own], row[f"{org}name"], row[f"{org}code"]
        return None, None, None

    return sector


def plan_sector(item) -> tuple:
    """``group``'s ``sector`` for objects annotated by ``with_sector``."""
    return item.group_sector_id, item.group_sector_name, item.group_sector_code


def searched_page(
    request,
    queryset: QuerySet,
    on: search_text.SearchOn = search_text.OWN_AND_ORGANISATION,
    per_page: int = PAGE_SIZE,
    arrange: Callable[[QuerySet], QuerySet] | None = None,
) -> dict:
    """The search form, the words searched and the page of ``queryset`` (in ``sector_order``,
    or put in it by ``arrange``: see ``paginate``) that matches them in the stored texts of
    ``on`` (a plan's by default: plan.search_text): a COUNT (or the ids found:
    ``search_text.found``) and the page's rows."""
    form = SearchForm(request.GET or None)
    text = form.text() if form.is_bound else ""
    rows, count = search_text.found(queryset, text, on)
    return {
        "search_form": form,
        "search_text": text,
        "page": paginate(request, rows, per_page, arrange, count=count),
    }


# The slug the URL is reversed with: «-» and letters are a slug (every converter accepts it)
# that no prefix or fixed part of a URL contains.
_SLUG_MARK = "-slug-mark-"


def slug_url(viewname: str) -> Callable[[str], str]:
    """``reverse(viewname, args=[slug])`` for every row of a page at the cost of one reverse
    (a slug needs no quoting: letters, digits, «-» and «_»)."""
    before, _mark, after = reverse(viewname, args=[_SLUG_MARK]).partition(_SLUG_MARK)
    return lambda slug: f"{before}{slug}{after}"


# The number a URL is reversed with: no prefix or fixed part of a URL contains it.
_NUMBER_MARK = 918273645


def number_url(viewname: str) -> Callable[[int], str]:
    """``reverse(viewname, args=[n])`` for every row of a page (an id, a year) at the cost of
    one reverse."""
    before, _mark, after = reverse(viewname, args=[_NUMBER_MARK]).partition(str(_NUMBER_MARK))
    return lambda n: f"{before}{n}{after}"


def labels(choices) -> dict[str, str]:
    """Value -> label of ``choices`` in the active language, translated once."""
    return {value: str(label) for value, label in choices.choices}
