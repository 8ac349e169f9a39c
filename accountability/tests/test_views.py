"""Accountability public pages: what citizens read, and constant query counts."""

import json

import pytest
from django.urls import reverse

from accountability.tests.factories import make_strategy
from accountability.tests.people import user_with
from plan.roles import PLANNING
from tests.downloads import content
from tests.queries import count

HEARING = "audiencia-publica-2023-04-20"


# --- Public pages ------------------------------------------------------------------------------


def test_the_hearing_page_shows_its_figures_and_documents(client, acc_seeded):
    response = client.get(reverse("accountability:event", args=[HEARING]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Audiencia Pública RdC – Vigencia 2022" in html
    assert "<strong>317</strong>" in html
    assert "<strong>872</strong>" in html
    assert "20/04/2023, 10:00" in html
    assert "Informe de gestión previo audiencia RdC" in html
    assert "/static/vendor/plotly/plotly-basic.min." in html
    # The attendance chart and its table alternative.
    figure = json.loads(html.split('id="a')[1].split(">", 1)[1].split("</script>")[0])
    assert figure["data"][0]["x"] == ["317", "872"]
    assert (
        "Formularios de asistencia diligenciados: 317; "
        "Visualizaciones en vivo (Facebook live): 872." in html
    )
    assert "No se registraron preguntas de la ciudadanía" in html
    # The 15 topics proposed in 2022 were taken to this hearing.
    assert html.count("(propuesto en 2022)") == 15


def test_a_dialogue_page_shows_the_shared_attendance_and_the_shares(client, acc_seeded):
    html = client.get(
        reverse("accountability:event", args=["dialogo-justicia-transicional-2023-09-29"])
    ).content.decode()
    assert "<strong>253</strong>" in html
    assert "sin desagregar" in html
    assert "Sexo: Mujeres 48%, Hombres 33%, No responde 19%. La mayor parte: Mujeres (48%)." in html
    assert "Grupo de edad: Jóvenes 18%, Adultos 60%, Adultos mayores 8%, No responde 14%." in html
    assert "Aulas Barulé" in html and "Presencial" in html


def test_events_list_has_modality_and_place(client, acc_seeded):
    html = client.get(reverse("accountability:events")).content.decode()
    assert html.count('class="acc-card"') == 5
    assert "SuperCADE Manitas" in html and "Mixto" in html
    assert reverse("accountability:report", args=[2023]) in html


def test_topics_page_says_what_was_done(client, acc_seeded):
    html = client.get(reverse("accountability:topics")).content.decode()
    assert "Todos los temas fueron incluidos en la Audiencia Pública." in html
    assert "15 temas propuestos." in html and "20 temas propuestos." in html
    assert "El informe no dice qué se hizo con estos temas." in html


def test_yearly_report_assembles_the_year_and_prints(client, acc_seeded):
    html = client.get(reverse("accountability:report", args=[2023])).content.decode()
    assert 'media="print"' in html
    assert "92,9 / 100" in html
    assert "<strong>317</strong>" in html and "<strong>872</strong>" in html
    assert "<strong>253</strong>" in html
    assert "<strong>4</strong> diálogos ciudadanos" in html
    assert "de 13 actividades cumplidas" in html
    # 12 activities without readable quarters, 3 of them executed in Q2 (hearing, its prior
    # report, its methodology); activity 5 planned and executed in Q2-Q4 (the dialogues).
    assert html.count('class="q unknown"') == 12 * 4 - 3
    assert html.count('class="q done"') == 3
    assert html.count('class="q planned_done"') == 3
    assert "No se registraron compromisos" in html


def test_an_unpublished_event_is_hidden_from_citizens(client, world):
    event = world["event"]
    event.is_public = False
    event.save()
    url = reverse("accountability:event", args=[event.slug])
    assert client.get(url).status_code == 404
    assert event.title not in client.get(reverse("accountability:events")).content.decode()
    client.force_login(world["director"])
    assert client.get(url).status_code == 200


def test_public_event_page_flags_the_overdue_answer_and_commitment(client, world):
    html = client.get(reverse("accountability:event", args=[world["event"].slug])).content.decode()
    assert "Vencida sin respuesta" in html
    assert "25 días de retraso" in html
    assert "Vencido" in html and "3 días" in html


def test_open_data_downloads(client, world):
    csv_text = client.get(reverse("accountability:download", args=["preguntas", "csv"]))
    assert csv_text["Content-Type"] == "text/csv; charset=utf-8"
    lines = content(csv_text).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,espacio,fecha_espacio,pregunta")
    overdue = [line for line in lines if "SuperCADE" in line]
    assert overdue and overdue[0].endswith("Vencida sin respuesta,sí")
    commitments = json.loads(
        content(client.get(reverse("accountability:download", args=["compromisos", "json"])))
    )
    mine = [c for c in commitments if c["compromiso"] == "Publicar el informe de respuestas"]
    assert mine[0]["avance_porcentaje"] == "40" and mine[0]["vencido"] == "sí"
    xlsx = client.get(reverse("accountability:download", args=["eventos", "xlsx"]))
    assert content(xlsx)[:2] == b"PK"
    assert client.get("/rendicion-de-cuentas/datos-abiertos/riesgos.csv").status_code == 404
    assert client.get("/rendicion-de-cuentas/datos-abiertos/eventos.pdf").status_code == 404


# --- Query counts: constant whatever the data size -------------------------------------------


def pages_of(strategy):
    event = strategy.events.order_by("date").first()
    return {
        "events": reverse("accountability:events"),
        "event": reverse("accountability:event", args=[event.slug]),
        "topics": reverse("accountability:topics"),
        "report": reverse("accountability:report", args=[strategy.year]),
        "events.csv": reverse("accountability:download", args=["eventos", "csv"]),
        "questions.json": reverse("accountability:download", args=["preguntas", "json"]),
        "commitments.xlsx": reverse("accountability:download", args=["compromisos", "xlsx"]),
    }


def internal_pages_of(strategy):
    event = strategy.events.order_by("date").first()
    return {
        "manage": reverse("accountability:manage"),
        "timeline": reverse("accountability:timeline", args=[strategy.year]),
        "manage_event": reverse("accountability:manage_event", args=[event.slug]),
    }


# The pinned counts name each query in the loaders' docstrings (accountability/loading.py,
# accountability/loading_events.py).
PUBLIC_QUERIES = {
    "events": 2,  # events with counts; strategies
    "event": 14,  # event + 6 prefetches (units, objectives, projects, indicators, documents,
    # evaluation); attendance + its events + demographics; questions; commitments + follow-ups;
    # topics
    "topics": 3,  # the count of strategies with topics; their page; their topics
    "report": 14,  # strategy; stages; challenges; roles; activities + units + follow-ups;
    # events; attendance + events + demographics; questions; commitments; topics
    "events.csv": 4,  # events; units; attendance records; their events
    "questions.json": 1,
    "commitments.xlsx": 1,
}
# Internal pages add the session, the user, the user's groups and role assignments (the
# organisations in scope); manage_event the units of a reporter (none for the planning
# office, whose scope is every unit).
INTERNAL_QUERIES = {"manage": 9, "timeline": 8, "manage_event": 18}


@pytest.mark.django_db
def test_public_pages_take_the_same_queries_at_two_sizes(client):
    small = make_strategy(2)
    small_counts = {name: count(client, url) for name, url in pages_of(small).items()}
    large = make_strategy(12)
    large_counts = {name: count(client, url) for name, url in pages_of(large).items()}
    assert small_counts == large_counts == PUBLIC_QUERIES


@pytest.mark.django_db
def test_internal_pages_take_the_same_queries_at_two_sizes(client):
    client.force_login(user_with(PLANNING))
    small = make_strategy(2)
    small_counts = {name: count(client, url) for name, url in internal_pages_of(small).items()}
    large = make_strategy(12)
    large_counts = {name: count(client, url) for name, url in internal_pages_of(large).items()}
    assert small_counts == large_counts == INTERNAL_QUERIES


def test_event_cards_say_what_each_event_has_escaped_in_either_language():
    """The public list's cards (accountability.list_html): «Próximo» only for an event still
    ahead, the venue and channels only when given, every value escaped."""
    from django.utils import translation

    from accountability import list_html
    from plan.listing import EntityGroup, SectorGroup

    def event(**extra):
        return {
            "kind_label": "Audiencia pública",
            "upcoming": False,
            "url": "/rendicion-de-cuentas/a/",
            "title": "Audiencia <2026>",
            "when": "5 de mayo de 2026, 09:00",
            "modality_label": "Presencial",
            "venue": "",
            "channels": "",
        } | extra

    ahead = event(upcoming=True, venue="Sala «A» & B", channels="YouTube")
    groups = [SectorGroup("Sector", "S", [EntityGroup({"name": "E"}, [ahead, event()])])]
    for language, upcoming, venue in (("es", "Próximo", "Lugar"), ("en", "Upcoming", "Venue")):
        with translation.override(language):
            list_html.add_event_cards(groups)
        first, second = groups[0].entities[0].cards_html.split("</li>")[:2]
        assert f" · <strong>{upcoming}</strong>" in first and upcoming not in second
        assert f"<dt>{venue}</dt><dd>Sala «A» &amp; B</dd>" in first and venue not in second
        assert "YouTube" in first and "<dd>YouTube</dd>" not in second
        assert "Audiencia &lt;2026&gt;" in second and "<2026>" not in first + second
