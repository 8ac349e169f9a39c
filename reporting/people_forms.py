"""The planning office's form to give a person a role within its own scope (plan.people)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from plan import people, scoping
from plan.models import Organisation, Unit

DISTRICT = "district"


def place_choices(orgs: frozenset[int] | None) -> list[tuple[str, str]]:
    """Where the office may grant: its organisations (sectors named as such), their units and,
    for a district office, the district. Two queries."""
    organisations = scoping.within(Organisation.objects.order_by("name"), orgs, "id")
    units = scoping.within(
        Unit.objects.select_related("organisation").order_by("organisation__name", "name"), orgs
    )
    choices = [(DISTRICT, _("Todo el distrito"))] if orgs is None else []
    for org in organisations:
        label = _("Sector: %(name)s") if org.kind == "sector" else _("Entidad: %(name)s")
        choices.append((f"org:{org.pk}", label % {"name": org.name}))
    for unit in units:
        choices.append(
            (
                f"unit:{unit.pk}",
                _("Dependencia: %(unit)s (%(org)s)")
                % {"unit": unit.name, "org": unit.organisation},
            )
        )
    return choices


def place_of(value: str) -> people.Where:
    """The scope a choice names (the choice was validated against the office's scope)."""
    if value == DISTRICT:
        return people.Where(people.DISTRICT)
    kind, _sep, pk = value.partition(":")
    if kind == "unit":
        return people.Where(people.UNIT, unit=Unit.objects.get(pk=pk))
    org = Organisation.objects.get(pk=pk)
    return people.Where(
        people.SECTOR if org.kind == "sector" else people.ORGANISATION, organisation=org
    )


class GrantForm(forms.Form):
    username = forms.CharField(label=_lazy("Usuario"), max_length=150)
    role = forms.ChoiceField(
        label=_lazy("Rol"),
        choices=[
            (people.AssignedRole.PLANNING, _lazy("Planeación")),
            (people.AssignedRole.DIRECTOR, _lazy("Directivo")),
            (people.REPORTER, _lazy("Reportante")),
        ],
    )
    place = forms.ChoiceField(label=_lazy("Dónde"))

    def __init__(self, *args, orgs: frozenset[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(orgs)

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No existe una cuenta activa «%(u)s»: pida al administrador que la cree.")
                % {"u": name}
            )
        return user

    def clean(self):
        data = super().clean()
        if "place" in data and "role" in data:
            place = place_of(data["place"])
            data["where"] = place
            try:
                people.check(data["role"], place)
            except people.RoleError as error:
                self.add_error("place", str(error))
        return data
