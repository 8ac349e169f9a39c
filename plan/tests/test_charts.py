"""Chart figures (pure): Colombian hover labels, numbers never floats, a summary for each."""

import datetime
import json
from decimal import Decimal as D

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from plan import charts


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


def test_programmed_against_executed_counts_who_reached_the_cutoff_programming():
    pairs = [
        charts.Pair("Portafolio de servicios TIC implementado", D("64.29"), D("64.29"), "4226"),
        charts.Pair("Gobernanza internacional", D("82.5"), D(80), "4074"),
        charts.Pair("Sin meta", None, None, "1"),
    ]
    with translation.override("es"):
        chart = charts.programmed_vs_executed(pairs, "es")
    labels = ["Portafolio de servicios TIC…", "Gobernanza internacional"]
    assert [t["x"] for t in chart.figure["data"]] == [labels, labels]
    assert chart.figure["data"][0]["customdata"] == [
        "4226 Portafolio de servicios TIC implementado",
        "4074 Gobernanza internacional",
    ]
    assert chart.summary == (
        "2 indicadores con meta en la vigencia; 1 ejecutó al menos lo programado al corte."
    )


def test_names_on_axes_are_made_distinct_and_short():
    pairs = [charts.Pair("Informe", D(1), D(1), "1"), charts.Pair("Informe", D(1), D(1), "2")]
    chart = charts.programmed_vs_executed(pairs, "es")
    assert chart.figure["data"][0]["x"] == ["Informe", "Informe (2)"]


def test_every_text_plotly_draws_is_escaped_for_its_html_subset():
    evil = '<a href="https://evil.example">Objetivo</a> & <b>más</b>'
    march = datetime.date(2026, 3, 31)
    trend = charts.trend([charts.Series(evil, ((march, D(50)),))], "es")
    bars = charts.programmed_vs_executed([charts.Pair(evil, D(10), D(5), "<i>7</i>")], "es")
    text = json.dumps([trend.figure, bars.figure], cls=DjangoJSONEncoder)
    assert "<a " not in text and "<b>" not in text and "<i>" not in text
    assert trend.figure["data"][0]["name"] == (
        '&lt;a href="https://evil.example"&gt;Objetivo&lt;/a&gt; &amp; &lt;b&gt;más&lt;/b&gt;'
    )
    assert bars.figure["data"][0]["customdata"][0].startswith("&lt;i&gt;7&lt;/i&gt; &lt;a")


def test_indicator_history_summary_reads_the_last_cutoff():
    points = [charts.Point(datetime.date(2026, 3, 31), D(3), D(8))]
    with translation.override("es"):
        chart = charts.history(points, "es")
    assert chart.summary == "1 corte. Al 31/03/2026 se ejecutó 8 frente a 3 programado."
