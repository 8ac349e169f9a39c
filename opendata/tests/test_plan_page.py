"""One plan's open data page (/datos-abiertos/<plan>/) and the download links of the open data
pages, built in Python (opendata.links) with the hrefs ``reverse`` gives."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dashboards.tests.helpers import add_pes_june_cutoff
from opendata import datasets, links
from plan.models import Cutoff
from publication.publishing import publish
from tests.factories import make_plan, reopen_for_correction

PREFIX = "/datos-abiertos/"
DATE = datetime.date(2026, 3, 31)


@pytest.mark.parametrize("slug", ["pes-2024-2027", "año-ñ", "a_b"])
def test_every_href_is_what_reverse_gives(slug):
    words = links.texts()
    prefix = reverse("opendata:index")
    structure = links.structure_rows(prefix, slug, "Plan", words)
    assert [link.href for row in structure for link in row.links] == [
        reverse("opendata:structure", args=[slug, dataset, fmt])
        for dataset in datasets.STRUCTURE_TITLES
        for fmt in datasets.FORMATS
    ]
    cutoff = links.cutoff_rows(prefix, slug, DATE, words)
    assert [link.href for row in cutoff for link in row.links] == [
        reverse("opendata:download", args=[slug, "2026-03-31", dataset, fmt])
        for dataset in datasets.DATASETS
        for fmt in datasets.FORMATS
    ]
    assert links.plan_url(prefix, slug) == reverse("opendata:plan", args=[slug])


def test_the_labels_name_the_dataset_and_the_plan_or_date_and_are_escaped():
    with translation.override("es"):
        words = links.texts()
    structure = links.structure_rows(PREFIX, "p", 'Plan <b> & "x"', words)
    assert structure[0].title == "Estructura: Objetivos del plan"
    assert [link.text for link in structure[0].links] == ["CSV", "CSV para Excel", "JSON", "XLSX"]
    assert structure[2].links[0].label == 'de proyectos de Plan <b> & "x"'
    assert "<b>" not in structure[2].html
    assert "de proyectos de Plan &lt;b&gt; &amp; &quot;x&quot;" in structure[2].html
    # the row's markup is the one links_html gives for its links, escaped the same way
    for row in structure + links.cutoff_rows(PREFIX, "p", DATE, words):
        assert row.html == links.links_html(row.links)
    cutoff = links.cutoff_rows(PREFIX, "p", DATE, words)
    assert [row.title for row in cutoff] == ["Cumplimiento del plan", "Objetivos", "Indicadores"]
    assert cutoff[1].links[1].label == "de objetivos al 31/03/2026"
    assert cutoff[1].html.startswith(
        '<a href="/datos-abiertos/p/2026-03-31/objetivos.csv" download>CSV'
        '<span class="visually-hidden"> de objetivos al 31/03/2026</span></a>'
    )


def test_the_link_texts_follow_the_language():
    with translation.override("en"):
        words = links.texts()
    assert words.formats[datasets.EXCEL_CSV] == "CSV for Excel"
    row = links.cutoff_rows(PREFIX, "p", DATE, words)[1]
    assert row.links[0].label == "of objetivos as of 31/03/2026"


def test_the_plan_page_lists_every_published_cutoff_and_its_structure(client, seeded):
    june = add_pes_june_cutoff()
    publish(june)
    march = reopen_for_correction(Cutoff.objects.get(plan__slug="pes-2024-2027", date=DATE))
    publish(march, reason="Corrección")
    response = client.get("/datos-abiertos/pes-2024-2027/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/datos-abiertos/">Datos abiertos</a>' in html  # the way back
    assert "<h1>Plan Estratégico Sectorial 2024-2027</h1>" in html
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert rows == ["30/06/2026", "31/03/2026"]  # newest first
    today = datetime.date.today().strftime("%d/%m/%Y")
    assert f"corregido el {today}" in html  # March is in its second version
    for dataset in datasets.STRUCTURE_TITLES:
        assert f'href="/datos-abiertos/pes-2024-2027/estructura/{dataset}.xlsx"' in html
    assert 'href="/planes/pes-2024-2027/"' in html


def test_a_plan_without_published_cutoffs_offers_its_structure(client, seeded):
    html = client.get("/datos-abiertos/pai-2024/").content.decode()
    assert "Aún no hay cortes publicados." in html
    assert 'href="/datos-abiertos/pai-2024/estructura/proyectos.csv"' in html
    assert "<table" not in html
    index = client.get("/datos-abiertos/").content.decode()
    assert 'href="/datos-abiertos/pai-2024/estructura/proyectos.csv"' in index
    assert 'href="/datos-abiertos/pai-2024/"' not in index  # no cutoffs: nothing more there


def test_an_unknown_plan_has_no_page(client, db):
    response = client.get("/datos-abiertos/no-existe/")
    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_the_public_plan_page_links_to_the_plans_open_data(client, seeded):
    html = client.get("/planes/pes-2024-2027/").content.decode()
    assert 'href="/datos-abiertos/pes-2024-2027/"' in html
    html = client.get("/planes/pai-2024/").content.decode()  # no cutoff: its structure
    assert 'href="/datos-abiertos/pai-2024/#structure-heading"' in html
    assert 'id="structure-heading"' in client.get("/datos-abiertos/pai-2024/").content.decode()


@pytest.mark.django_db
def test_the_plan_page_runs_the_same_queries_with_one_and_with_many_cutoffs(client):
    plan = make_plan(indicators=4)
    first = Cutoff.objects.get(plan=plan)
    publish(first)
    counts = []
    for extra in (0, 5):
        for month in range(1, extra + 1):
            publish(Cutoff.objects.create(plan=plan, date=datetime.date(2026, month, 28)))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/datos-abiertos/{plan.slug}/")
        assert response.status_code == 200
        assert response.content.decode().count('<th scope="row">') == 1 + extra
        counts.append(len(ctx.captured_queries))
    # the plan with its entity; its published cutoffs
    assert counts == [2, 2]
