"""The filters of the risk pages (register, map, alerts, export), at district scale.

A district reader reads a thousand organisations: drop-downs with every process, project and
unit of them would make every page grow with the district (issue 15). The filters narrow step
by step instead, as the district overview does:

1. a **sector**, among those the user reads (one query);
2. an **entity** of that sector, or of the organisations the user reads when they are at most
   ``FEW`` (one query); a user who reads a single organisation has it chosen already;
3. that entity's **processes, projects and units** (three queries).

A process, project or unit named in an address without its entity brings its entity along
(one query), so links made before keep working. An entity that is not of the chosen sector is
dropped with its process and unit (the person chose another sector). Anything outside the
organisations the user reads (plan.permissions.read_organisations, the rule of
``Risk.objects.visible_to``) is refused in Spanish and lists nothing.
"""

from __future__ import annotations

import copy

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from plan import distinct, listing, permissions, scoping, search_text
from plan.choices import OrganisationKind
from plan.models import InvestmentProject, Organisation, Process, Unit
from plan.select_html import QuickSelect
from risks.choices import RiskKind
from risks.forms import OUT_OF_SCOPE

FEW = 30  # a user who reads at most this many organisations picks among all of them
_OWNER_MODELS = {"process": Process, "project": InvestmentProject}
_LARGEST_ID = 2**31 - 1  # an id past the column's range names nothing (and is never queried)


def _id(text: str | None) -> int | None:
    text = text or ""
    if not (text.isascii() and text.isdigit()) or int(text) > _LARGEST_ID:
        return None
    return int(text)


def _read(orgs: frozenset[int] | None):
    """The organisations read: every one when ``orgs`` is None."""
    return scoping.within(Organisation.objects.all(), orgs, "id")


def _sectors(orgs) -> list[tuple[int, str, str]]:
    """(id, code, name) of the sectors the user reads, or reads an entity of: every sector a
    risk the user reads belongs to."""
    sectors = Organisation.objects.filter(kind=OrganisationKind.SECTOR)
    if orgs is not None:  # joined to their entities: a sector once, however many are read
        sectors = sectors.filter(Q(id__in=orgs) | Q(entities__id__in=orgs)).distinct()
    return list(sectors.order_by("name", "code").values_list("id", "code", "name"))


def _entities(orgs, sector: str) -> list[tuple[str, str]]:
    """(code, name) of the organisations read of ``sector`` (its head first), or of all of
    them when no sector is chosen and they are few; none otherwise."""
    if sector:
        found = _read(orgs).filter(
            Q(code=sector, kind=OrganisationKind.SECTOR) | Q(sector__code=sector)
        )
    elif orgs is not None and len(orgs) <= FEW:
        found = _read(orgs)
    else:
        return []
    head_first = Case(
        When(kind=OrganisationKind.SECTOR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(found.order_by(head_first, "name", "code").values_list("code", "name"))


def _owner_entity(data) -> str | None:
    """The code of the organisation of the process, project or unit named in ``data``."""
    kind, _dash, pk = (data.get("proceso") or "").partition("-")
    model, pk = _OWNER_MODELS.get(kind), _id(pk)
    if model is None or pk is None:
        model, pk = Unit, _id(data.get("dependencia"))
    if pk is None:
        return None
    return model.objects.filter(pk=pk).values_list("organisation__code", flat=True).first()


def _owner_choices(entity: str) -> tuple[list, list]:
    """The process/project and unit choices of the organisation ``entity``."""
    where = {"organisation__code": entity}
    owners = [
        (f"process-{p.id}", f"{p.number}. {p.name}")
        for p in Process.objects.filter(**where).order_by("number", "id")
    ]
    owners += [
        (f"project-{p.id}", _("Proyecto %(code)s %(name)s") % {"code": p.code, "name": p.name})
        for p in InvestmentProject.objects.filter(**where).order_by("code", "id")
    ]
    units = list(Unit.objects.filter(**where).order_by("name", "id").values_list("id", "name"))
    return owners, units


class RiskFilterForm(forms.Form):
    """The filters of the directors' risk pages (see the module's docstring)."""

    vigencia = forms.TypedChoiceField(
        label=_("Vigencia"), coerce=int, required=False, widget=QuickSelect
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )
    entidad = forms.ChoiceField(
        label=_("Entidad"),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )
    proceso = forms.ChoiceField(
        label=_("Proceso o proyecto"),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )
    dependencia = forms.TypedChoiceField(
        label=_("Dependencia"),
        coerce=int,
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )
    tipo = forms.ChoiceField(
        label=_("Tipo de riesgo"),
        required=False,
        widget=QuickSelect,
        choices=[("", _("Todos"))] + list(RiskKind.choices),
    )

    def __init__(self, data, risks, *, user):
        data = data.copy()
        years = distinct.descending(risks, "year")
        if years and not data.get("vigencia"):
            data["vigencia"] = str(years[0])
        orgs = permissions.read_organisations(user)
        found = _sectors(orgs)
        # {id: (name, code)}: what the lists name their rows' sectors with (listing.sector_in).
        self.sectors = {pk: (name, code) for pk, code, name in found}
        sectors = [(code, name) for _pk, code, name in found]
        entities = self._narrow(data, orgs, sectors)
        super().__init__(data)
        self.fields["vigencia"].choices = [(y, y) for y in years]
        self.fields["sector"].choices = [("", _("Todos"))] + sectors
        self.fields["entidad"].choices = [("", _("Todas"))] + entities
        entity = data.get("entidad") or ""
        owners, units = _owner_choices(entity) if entity in dict(entities) else ([], [])
        self.fields["proceso"].choices = [("", _("Todos"))] + owners
        self.fields["dependencia"].choices = [("", _("Todas"))] + units
        if not entity:
            hint = _("Elija una entidad para ver sus opciones.")
            self.fields["proceso"].help_text = self.fields["dependencia"].help_text = hint

    @staticmethod
    def _narrow(data, orgs, sectors) -> list[tuple[str, str]]:
        """The entity choices; ``data`` gets the entity a process or unit names, the only one
        the user reads, or loses an entity of another sector than the one chosen."""
        sector = data.get("sector") or ""
        sector = sector if sector in dict(sectors) else ""
        entities = _entities(orgs, sector)
        entity = data.get("entidad") or ""
        if not entity and (data.get("proceso") or data.get("dependencia")):
            entity = _owner_entity(data) or ""
        if not entity and orgs is not None and len(orgs) == 1 and len(entities) == 1:
            entity = entities[0][0]
        if entity and entity not in dict(entities):
            found = _read(orgs).filter(code=entity).values_list("name", "sector__code", "kind")
            found = found.first()
            if found is None:
                return entities  # refused by the field: not an organisation the user reads
            name, its_sector, kind = found
            its_sector = entity if kind == OrganisationKind.SECTOR else its_sector
            if sector and sector != its_sector:
                for field in ("entidad", "proceso", "dependencia"):
                    data.pop(field, None)
                return entities
            if not sector and its_sector in dict(sectors):
                data["sector"] = its_sector
                entities = _entities(orgs, its_sector)
            if entity not in dict(entities):
                entities.append((entity, name))
        if entity:
            data["entidad"] = entity
        return entities

    def apply(self, risks, *, year: bool = True):
        """``risks`` narrowed to the filters; ``year=False`` leaves the year to the caller
        (the overdue follow-ups ask it of their cutoffs: risks.alerts)."""
        if not self.is_valid():
            return risks.none()
        data = self.cleaned_data
        if year and data.get("vigencia"):
            risks = risks.filter(year=data["vigencia"])
        if data.get("sector"):
            risks = risks.filter(
                Q(organisation__code=data["sector"]) | Q(organisation__sector__code=data["sector"])
            )
        if data.get("entidad"):
            risks = risks.filter(organisation__code=data["entidad"])
        owner = data.get("proceso") or ""
        if owner.startswith("process-"):
            risks = risks.filter(process_id=int(owner.removeprefix("process-")))
        elif owner.startswith("project-"):
            risks = risks.filter(investment_project_id=int(owner.removeprefix("project-")))
        if data.get("dependencia"):
            risks = risks.filter(responsible_unit_id=data["dependencia"])
        if data.get("tipo"):
            risks = risks.filter(kind=data["tipo"])
        return risks


def link_entities(groups: list[listing.SectorGroup], query) -> None:
    """Give each entity of the register's ``groups`` the address of the same filters narrowed
    to it (``query``: the page's GET parameters)."""
    base = query.copy()
    for name in ("sector", "entidad", "proceso", "dependencia", listing.PAGE):
        base.pop(name, None)
    for sector in groups:
        for entity in sector.entities:
            narrowed = base.copy()
            if sector.code:
                narrowed["sector"] = sector.code
            narrowed["entidad"] = entity.organisation.code
            entity.link = f"?{narrowed.urlencode()}"


class RegisterFilterForm(RiskFilterForm):
    """The register's filters and a search box: a risk's code or wording, its entity's name
    or code or its sector's (accents and case aside)."""

    q = copy.deepcopy(listing.SearchForm.base_fields["q"])

    def apply(self, risks, *, year: bool = True):
        risks = super().apply(risks, year=year)
        text = self.cleaned_data.get("q", "") if self.is_valid() else ""
        # Each word in the risk's stored code and wording or its entity's or sector's names
        # and codes (plan.search_text), behind indexes on PostgreSQL.
        return search_text.matching(risks, text, search_text.OWN_AND_ORGANISATION)
