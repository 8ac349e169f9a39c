"""Filters of the indicator table (django-filter over the plan's indicators).

Objective, unit and status choices come from the plan as loaded, so the form costs no query;
the status, computed by the engine, is matched through the ids the view passes in."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from indicators.choices import GoalKind, IndicatorStatus
from indicators.choices import Unit as MeasureUnit
from indicators.models import Indicator


class IndicatorFilter(django_filters.FilterSet):
    objetivo = django_filters.ChoiceFilter(
        label=_("Objetivo"), method="filter_objective", empty_label=_("Todos")
    )
    unidad = django_filters.ChoiceFilter(
        label=_("Unidad de medida"),
        field_name="unit",
        choices=MeasureUnit.choices,
        empty_label=_("Todas"),
    )
    tipo = django_filters.ChoiceFilter(
        label=_("Tipo de meta"),
        field_name="goal__kind",
        choices=GoalKind.choices,
        empty_label=_("Todos"),
    )
    dependencia = django_filters.ChoiceFilter(
        label=_("Dependencia"), field_name="responsible_unit_id", empty_label=_("Todas")
    )
    estado = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=IndicatorStatus.choices,
        method="filter_status",
        empty_label=_("Todos"),
    )

    class Meta:
        model = Indicator
        fields = []

    def __init__(self, data, *, data_at_cutoff, **kwargs):
        plan = data_at_cutoff.plan
        super().__init__(data, queryset=Indicator.objects.filter(plan=plan), **kwargs)
        self.loaded = data_at_cutoff
        self.filters["objetivo"].extra["choices"] = [
            (o.number, f"{o.number}. {o.short_title}") for o in data_at_cutoff.objectives
        ]
        units = {
            i.responsible_unit.id: i.responsible_unit.name
            for i in data_at_cutoff.indicators.values()
            if i.responsible_unit
        }
        self.filters["dependencia"].extra["choices"] = sorted(
            units.items(), key=lambda item: item[1]
        )

    def filter_objective(self, queryset, name, value):
        year = self.loaded.cutoff.date.year
        return queryset.filter(links__objective__number=int(value), links__year=year).distinct()

    def filter_status(self, queryset, name, value):
        statuses = self.loaded.result.indicators
        return queryset.filter(id__in=[i for i, r in statuses.items() if r.status == value])

    def objective_number(self) -> int | None:
        if not self.is_bound or not self.is_valid():
            return None
        value = self.form.cleaned_data.get("objetivo")
        return int(value) if value else None
