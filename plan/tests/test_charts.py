"""Chart figures (pure): Colombian hover labels, numbers never floats, a summary for each."""

import datetime
import json
from decimal import Decimal as D

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from plan import charts

BARS = [
    charts.Bar("Objetivo 1", None, "grey", "1. Talento humano distrital"),
    charts.Bar("Objetivo 4", D("183.3333333"), "green", "4. Bogotá abierta al mundo"),
    charts.Bar("Objetivo 7", D(60), "red", "7. Gobierno abierto"),
]


def test_bars_use_colombian_separators_and_rounded_decimals():
    with translation.override("es"):
        chart = charts.compliance_bars(BARS, "es")
    (trace,) = chart.figure["data"]
    assert chart.figure["layout"]["separators"] == ",."
    assert trace["x"] == [D("183.33"), D("60.00")]
    assert trace["y"] == ["Objetivo 4", "Objetivo 7"]
    assert trace["customdata"] == ["4. Bogotá abierta al mundo", "7. Gobierno abierto"]
    assert "%{x:,.2f}%" in trace["hovertemplate"]
    assert trace["marker"]["color"] == ["#1e7b34", "#b3261e"]
    text = json.dumps(chart.figure, cls=DjangoJSONEncoder)
    assert '"183.33"' in text  # a string from the Decimal, never a float


def test_bars_summary_names_the_highest_the_lowest_and_the_missing():
    with translation.override("es"):
        summary = charts.compliance_bars(BARS, "es").summary
    assert summary == (
        "El cumplimiento más alto es 4. Bogotá abierta al mundo, con 183,33%; el más bajo, "
        "7. Gobierno abierto, con 60,00%. 1 objetivo no tiene indicadores programados al corte."
    )


def test_english_separators_and_figures_in_english():
    with translation.override("en"):
        chart = charts.compliance_bars(BARS, "en")
    assert chart.figure["layout"]["separators"] == ".,"
    assert "183.33%" in chart.summary


def test_trend_has_one_tick_per_cutoff_labelled_day_month_year():
    march, june = datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)
    series = [
        charts.Series("Plan", ((march, D("105.97")), (june, D("76.56")))),
        charts.Series("1. Talento", ((march, None), (june, None))),
    ]
    with translation.override("es"):
        chart = charts.trend(series, "es")
    axis = chart.figure["layout"]["xaxis"]
    assert axis["tickvals"] == ["2026-03-31", "2026-06-30"]
    assert axis["ticktext"] == ["31/03/2026", "30/06/2026"]
    assert chart.figure["data"][1]["y"] == [None, None]
    assert chart.summary == (
        "Evolución del cumplimiento en 2 cortes, del 31/03/2026 al 30/06/2026. "
        "Plan: 76,56% al 30/06/2026. Al 31/03/2026 era 105,97%."
    )


def test_gauge_stretches_for_over_execution_and_says_so():
    with translation.override("es"):
        chart = charts.gauge(D("183.33"), "green", "es")
        empty = charts.gauge(None, "grey", "es")
    assert chart.figure["data"][0]["gauge"]["axis"]["range"] == [0, 183.33]
    assert chart.summary == "Cumplimiento de 183,33% frente a una meta de 100%."
    assert empty.summary == "Sin indicadores programados al corte."


def test_programmed_against_executed_counts_who_reached_the_cutoff_programming():
    pairs = [
        charts.Pair("4226", D("64.29"), D("64.29")),
        charts.Pair("#3", D("82.5"), D(80)),
        charts.Pair("#1", None, None),
    ]
    with translation.override("es"):
        chart = charts.programmed_vs_executed(pairs, "es")
    assert [t["x"] for t in chart.figure["data"]] == [["4226", "#3"], ["4226", "#3"]]
    assert chart.summary == (
        "2 indicadores con meta en la vigencia; 1 ejecutó al menos lo programado al corte."
    )


def test_indicator_history_summary_reads_the_last_cutoff():
    points = [charts.Point(datetime.date(2026, 3, 31), D(3), D(8))]
    with translation.override("es"):
        chart = charts.history(points, "es")
    assert chart.summary == "1 corte. Al 31/03/2026 se ejecutó 8 frente a 3 programado."
