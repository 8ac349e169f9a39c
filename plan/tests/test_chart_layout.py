"""One chart style: the plan, risk and accountability figures are plotly.graph_objects figures
on the common layout of plan.chart_layout."""

import datetime
import json
from decimal import Decimal as D

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from accountability import calculations as calc
from accountability import charts as accountability_charts
from plan import chart_layout, charts
from risks.tests.test_charts import figure as heat_map


def _figures(language):
    march = datetime.date(2026, 3, 31)
    with translation.override(language):
        trend = charts.trend([charts.Series("Plan", ((march, D("105.97")),))], language)
        summary = calc.summarise_demographics(
            [calc.DemographicInput("Sexo", "Mujeres", None, D("48"))]
        )[0]
        return {
            "plan": trend.figure,
            "demographics": accountability_charts.demographics_figure(summary, language),
            "attendance": accountability_charts.attendance_figure([("Asistencias", 1872)], "A"),
            "risks": heat_map({(5, 1): 3}),
        }


def test_every_figure_starts_from_the_common_layout():
    for name, figure in _figures("es").items():
        layout = figure["layout"]
        assert layout["font"]["family"] == chart_layout.FONT_FAMILY, name
        assert layout["font"]["color"] == chart_layout.INK, name
        # plotly's default template (about 10 KB of JSON) is never shipped
        assert len(json.dumps(layout["template"])) < 100, name
        json.dumps(figure, cls=DjangoJSONEncoder)  # a plain dict, ready for json_script


@pytest.mark.parametrize(("language", "separators"), [("es", ",."), ("en", ".,"), ("fr", ",.")])
def test_the_separators_follow_the_reader_and_plan_formatting(language, separators):
    assert chart_layout.layout(language).separators == separators
    figures = _figures("en" if language == "en" else "es")
    if language != "fr":
        assert figures["plan"]["layout"]["separators"] == separators
        assert figures["demographics"]["layout"]["separators"] == separators


def test_a_chart_replaces_what_is_its_own_and_keeps_the_rest():
    layout = chart_layout.layout("es", height=380, margin={"l": 90, "r": 10, "t": 10, "b": 60})
    assert layout.height == 380 and layout.margin.l == 90
    assert layout.plot_bgcolor == "rgba(0,0,0,0)" and layout.hoverlabel.font.size == 14
