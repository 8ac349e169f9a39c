"""The template filters format in the active language: Colombian by default, English second."""

from decimal import Decimal as D

from django.template import Context, Template
from django.utils import translation


def render(text, **context):
    return Template("{% load tablero %}" + text).render(Context(context))


def test_filters_format_colombian_in_spanish():
    with translation.override("es"):
        assert render("{{ v|percent }}", v=D("22.98")) == "22,98%"
        assert render("{{ v|number }}", v=D(4155036)) == "4.155.036"
        assert render("{{ v|millions }}", v=D("20149000000")) == "$20.149 millones"
        assert render("{{ v|magnitude }}", v=D("60.6700")) == "60,67"


def test_filters_format_english_when_english_is_active():
    with translation.override("en"):
        assert render("{{ v|percent }}", v=D("22.98")) == "22.98%"
        assert render("{{ v|number }}", v=D(4155036)) == "4,155,036"
        assert render("{{ v|millions }}", v=D("20149000000")) == "$20,149 million"


def test_dates_are_day_month_year_in_both_languages():
    import datetime

    for language in ("es", "en"):
        with translation.override(language):
            assert render("{{ d|dmy }}", d=datetime.date(2026, 3, 31)) == "31/03/2026"


def test_status_and_colour_labels_come_from_the_choices():
    with translation.override("es"):
        assert render("{{ 'lag'|status_label }}") == "Rezago"
        assert render("{{ 'lag'|status_hex }}") == "#b3261e"
        assert render("{{ 'grey'|colour_label }}") == "Sin dato"
        assert render("{{ 'not_programmed_at_cutoff'|reason_label }}") == (
            "Excluido: no programado al corte"
        )
        assert render("{{ 'unknown'|status_label }}") == "unknown"


def test_the_analysis_include_shows_each_cutoff_with_analysis_or_evidence_and_else_says_so():
    import datetime
    from types import SimpleNamespace as NS

    march, june = NS(date=datetime.date(2026, 3, 31)), NS(date=datetime.date(2026, 6, 30))
    rows = [
        (march, NS(analysis="Rezago por lluvias", evidence_url="")),
        (june, NS(analysis="", evidence_url="")),
    ]
    include = '{% include "includes/indicator_analysis.html" with empty="Nada" %}'
    with translation.override("es"):
        html = render(include, rows=rows, has_analysis=True)
        empty = render(include, rows=rows[1:], has_analysis=False)
    assert "Corte del 31/03/2026" in html and "Rezago por lluvias" in html
    assert "30/06/2026" not in html and "Nada" not in html
    assert "Corte del" not in empty and "<p>Nada</p>" in empty
