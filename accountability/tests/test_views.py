"""Accountability pages: what citizens and staff see, who may do what, and how many queries."""

import datetime
import json
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accountability.models import Commitment, CommitmentFollowUp, Event, Question
from accountability.tests.factories import make_strategy, make_unit
from plan.roles import DIRECTOR, PLANNING, REPORTER

HEARING = "audiencia-publica-2023-04-20"


def user_with(role=None, unit=None, name=None, also=None):
    # No password: tests sign in with force_login, and hashing one costs a third of a second.
    user = User.objects.create(username=name or f"u{User.objects.count() + 1}")
    for group in (role, also):
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
    if unit:
        unit.members.add(user)
    return user


@pytest.fixture
def world(db):
    """One event of unit A with an overdue unanswered question and an overdue commitment,
    and the five kinds of visitor."""
    today = timezone.localdate()
    unit_a, unit_b = make_unit(name="Unidad A"), None
    unit_b = make_unit(unit_a.organisation, name="Unidad B")
    strategy = make_strategy(1, unit=unit_a, year=today.year)
    event = Event.objects.get(strategy=strategy)
    event.questions.all().delete()  # keep only the ones below
    event.commitments.all().delete()
    question = Question.objects.create(
        event=event,
        text="¿Cuándo abren el nuevo SuperCADE?",
        asked_on=today - datetime.timedelta(days=40),
        channel="form",
        answering_unit=unit_a,
        answer_due=today - datetime.timedelta(days=25),
    )
    commitment = Commitment.objects.create(
        event=event,
        description="Publicar el informe de respuestas",
        responsible_unit=unit_a,
        due_date=today - datetime.timedelta(days=3),
        status="in_progress",
        progress=D(40),
    )
    return {
        "event": event,
        "question": question,
        "commitment": commitment,
        "own": user_with(REPORTER, unit_a, "propia"),
        "other": user_with(REPORTER, unit_b, "otra"),
        "director": user_with(DIRECTOR, name="directora"),
        "planning": user_with(PLANNING, name="planeacion"),
        "nobody": user_with(name="sinrol"),
        # Overlapping roles, all members of unit A.
        "director_member": user_with(DIRECTOR, unit_a, "dir2"),
        "promoted": user_with(REPORTER, unit_a, "ascendido", also=DIRECTOR),
        "planning_member": user_with(PLANNING, unit_a, "planeacion2"),
    }


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
    lines = csv_text.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,espacio,fecha_espacio,pregunta")
    overdue = [line for line in lines if "SuperCADE" in line]
    assert overdue and overdue[0].endswith("Vencida sin respuesta,sí")
    commitments = json.loads(
        client.get(reverse("accountability:download", args=["compromisos", "json"])).content
    )
    mine = [c for c in commitments if c["compromiso"] == "Publicar el informe de respuestas"]
    assert mine[0]["avance_porcentaje"] == "40" and mine[0]["vencido"] == "sí"
    xlsx = client.get(reverse("accountability:download", args=["eventos", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get("/rendicion-de-cuentas/datos-abiertos/riesgos.csv").status_code == 404
    assert client.get("/rendicion-de-cuentas/datos-abiertos/eventos.pdf").status_code == 404


# --- Internal pages and permissions --------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("nobody", 403),
        ("other", 200),
        ("own", 200),
        ("director", 200),
        ("planning", 200),
    ],
)
def test_who_opens_the_planning_pages(client, world, who, status):
    if who != "anonymous":
        client.force_login(world[who])
    year = world["event"].strategy.year
    for url in (
        reverse("accountability:manage"),
        reverse("accountability:timeline", args=[year]),
        reverse("accountability:manage_event", args=[world["event"].slug]),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith("/cuenta/login/")


@pytest.mark.parametrize(
    "who, sees", [("other", False), ("own", True), ("director", True), ("planning", True)]
)
def test_questions_awaiting_answer_and_commitments_past_due_follow_the_units(
    client, world, who, sees
):
    client.force_login(world[who])
    html = client.get(reverse("accountability:manage")).content.decode()
    assert ("¿Cuándo abren el nuevo SuperCADE?" in html) is sees
    assert ("Publicar el informe de respuestas" in html) is sees
    if sees:
        assert "Vencida sin respuesta" in html
        assert "3 días de retraso" in html


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("other", 404),  # another unit's: outside a reporter's scope (plan.permissions)
        ("own", 200),
        ("director", 403),
        ("planning", 200),
        ("director_member", 403),
        ("promoted", 403),
        ("planning_member", 200),
    ],
)
def test_who_reports_a_commitment_follow_up(client, world, who, status):
    if who != "anonymous":
        client.force_login(world[who])
    url = reverse("accountability:report_follow_up", args=[world["commitment"].pk])
    assert client.get(url).status_code == status
    response = client.post(
        url,
        {"date": "2024-05-02", "status": "in_progress", "progress": "60", "narrative": "Borrador"},
    )
    created = CommitmentFollowUp.objects.filter(commitment=world["commitment"]).exists()
    assert created is (status == 200)
    if status == 200:
        assert response.status_code == 302


def test_an_inconsistent_follow_up_is_refused_in_spanish(client, world):
    client.force_login(world["own"])
    url = reverse("accountability:report_follow_up", args=[world["commitment"].pk])
    response = client.post(
        url, {"date": "2024-05-02", "status": "fulfilled", "progress": "80", "narrative": "Listo"}
    )
    assert response.status_code == 200
    assert "Un compromiso cumplido tiene un avance de 100." in response.content.decode()
    assert not CommitmentFollowUp.objects.filter(commitment=world["commitment"]).exists()


def submitted(world, status="fulfilled", progress="100"):
    return CommitmentFollowUp.objects.create(
        commitment=world["commitment"],
        date=timezone.localdate(),
        narrative="Se publicó",
        status=status,
        progress=D(progress),
        reported_by=world["own"],
    )


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("own", 403),
        ("director", 403),
        ("director_member", 403),
        ("promoted", 403),
    ],
)
def test_only_the_planning_office_reviews(client, world, who, status):
    follow_up = submitted(world)
    if who != "anonymous":
        client.force_login(world[who])
    url = reverse("accountability:review_follow_up", args=[follow_up.pk])
    assert client.post(url, {"decision": "approve"}).status_code == status
    follow_up.refresh_from_db()
    assert follow_up.review_status == "submitted"


def test_approving_a_follow_up_updates_the_commitment(client, world):
    follow_up = submitted(world)
    client.force_login(world["planning"])
    url = reverse("accountability:review_follow_up", args=[follow_up.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"decision": "approve"})
    follow_up.refresh_from_db()
    commitment = Commitment.objects.get(pk=world["commitment"].pk)
    assert follow_up.review_status == "approved"
    assert follow_up.reviewed_by == world["planning"]
    assert (commitment.status, commitment.progress) == ("fulfilled", D(100))
    # Fulfilled: no longer past due, and citizens see the approved follow-up.
    client.logout()
    html = client.get(reverse("accountability:event", args=[world["event"].slug])).content.decode()
    assert "Se publicó" in html and "Cumplido" in html
    assert "Vencido" not in html


def test_returning_needs_a_reason_and_leaves_the_commitment_alone(client, world):
    follow_up = submitted(world)
    client.force_login(world["planning"])
    url = reverse("accountability:review_follow_up", args=[follow_up.pk])
    response = client.post(url, {"decision": "return", "comment": ""}, follow=True)
    assert "Explique por qué se devuelve el seguimiento." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.review_status == "submitted"
    client.post(url, {"decision": "return", "comment": "Falta la evidencia"})
    follow_up.refresh_from_db()
    assert follow_up.review_status == "returned"
    assert Commitment.objects.get(pk=world["commitment"].pk).progress == D(40)
    # Citizens never see a follow-up that was not approved.
    client.logout()
    html = client.get(reverse("accountability:event", args=[world["event"].slug])).content.decode()
    assert "Se publicó" not in html


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("other", 404),  # another unit's: outside a reporter's scope (plan.permissions)
        ("own", 200),
        ("director", 403),
        ("planning", 200),
        ("director_member", 403),
        ("promoted", 403),
        ("planning_member", 200),
    ],
)
def test_who_answers_a_question(client, world, who, status):
    if who != "anonymous":
        client.force_login(world[who])
    url = reverse("accountability:answer_question", args=[world["question"].pk])
    assert client.get(url).status_code == status
    client.post(
        url,
        {
            "answer": "En junio.",
            "answered_by": "Unidad A",
            "answered_on": str(timezone.localdate()),
        },
    )
    world["question"].refresh_from_db()
    assert (world["question"].draft_answer == "En junio.") is (status == 200)
    assert world["question"].answer == ""  # public only once the office publishes it


def test_dir2_posting_an_answer_gets_403_and_nothing_is_public(client, world):
    """Issue 14, finding 1: dir2 (Directivo, member of the answering unit) got 302 «saved»
    and the answer was public at once on the hearing page and in preguntas.json."""
    client.force_login(world["director_member"])
    url = f"/rendicion-de-cuentas/gestion/preguntas/{world['question'].pk}/respuesta/"
    response = client.post(
        url, {"answer": "Respuesta de un directivo", "answered_on": str(timezone.localdate())}
    )
    assert response.status_code == 403
    client.logout()
    assert (
        "Respuesta de un directivo"
        not in client.get(
            reverse("accountability:download", args=["preguntas", "json"])
        ).content.decode()
    )
    world["question"].refresh_from_db()
    assert world["question"].answer == ""


def test_a_late_answer_stays_flagged(client, world):
    client.force_login(world["own"])
    url = reverse("accountability:answer_question", args=[world["question"].pk])
    client.post(url, {"answer": "En junio.", "answered_on": str(timezone.localdate())})
    client.force_login(world["planning"])
    client.post(reverse("accountability:publish_answer", args=[world["question"].pk]))
    html = client.get(reverse("accountability:event", args=[world["event"].slug])).content.decode()
    assert "Respondida fuera de plazo" in html
    assert "25 días de retraso" in html


def test_an_answer_before_the_question_is_refused(client, world):
    client.force_login(world["own"])
    url = reverse("accountability:answer_question", args=[world["question"].pk])
    response = client.post(url, {"answer": "Antes.", "answered_on": "2000-01-01"})
    assert "La respuesta no puede ser anterior a la pregunta." in response.content.decode()


# --- Query counts: constant whatever the data size -------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


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
    "topics": 1,
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
    small_counts = {name: count_queries(client, url) for name, url in pages_of(small).items()}
    large = make_strategy(12)
    large_counts = {name: count_queries(client, url) for name, url in pages_of(large).items()}
    assert small_counts == large_counts == PUBLIC_QUERIES


@pytest.mark.django_db
def test_internal_pages_take_the_same_queries_at_two_sizes(client):
    client.force_login(user_with(PLANNING))
    small = make_strategy(2)
    small_counts = {
        name: count_queries(client, url) for name, url in internal_pages_of(small).items()
    }
    large = make_strategy(12)
    large_counts = {
        name: count_queries(client, url) for name, url in internal_pages_of(large).items()
    }
    assert small_counts == large_counts == INTERNAL_QUERIES


def test_the_planning_office_reads_the_2023_timeline(client, acc_seeded):
    client.force_login(user_with(PLANNING))
    html = client.get(reverse("accountability:timeline", args=[2023])).content.decode()
    assert "6 de 13 actividades cumplidas." in html
    assert "Cumplida parcialmente: 2" in html
    assert "Sin seguimiento registrado: 3" in html
    assert html.count("Programada y ejecutada") == 3  # the dialogues, Q2 to Q4


def test_the_reporter_of_a_commitment_follow_up_does_not_approve_it(client, world, settings):
    """«Cuatro ojos» (issue 14, finding 6); with FOUR_EYES off the history says so."""
    follow_up = CommitmentFollowUp.objects.create(
        commitment=world["commitment"],
        date=timezone.localdate(),
        narrative="Reportado por Planeación",
        status="fulfilled",
        progress=D(100),
        reported_by=world["planning"],
    )
    client.force_login(world["planning"])
    url = reverse("accountability:review_follow_up", args=[follow_up.pk])
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "Quien envió el reporte no puede aprobarlo" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.review_status == "submitted"
    settings.FOUR_EYES = False
    client.post(url, {"decision": "approve"})
    follow_up.refresh_from_db()
    assert follow_up.review_status == "approved"
    reason = follow_up.history.order_by("-history_id").first().history_change_reason
    assert "«cuatro ojos» desactivado" in reason


# --- Answers go public only when the planning office publishes them (issue 14, finding 7) --


def test_an_answer_is_public_only_once_the_planning_office_publishes_it(client, world):
    question = world["question"]
    client.force_login(world["own"])
    client.post(
        reverse("accountability:answer_question", args=[question.pk]),
        {"answer": "Abrirá en junio.", "answered_on": str(timezone.localdate())},
    )
    public = [
        reverse("accountability:event", args=[world["event"].slug]),
        reverse("accountability:download", args=["preguntas", "json"]),
        reverse("accountability:download", args=["preguntas", "csv"]),
    ]
    client.logout()
    for url in public:
        assert "Abrirá en junio." not in client.get(url).content.decode(), url
    publish = reverse("accountability:publish_answer", args=[question.pk])
    for who in ("own", "director", "director_member"):
        client.force_login(world[who])
        assert client.post(publish).status_code == 403
    client.force_login(world["planning"])
    manage = client.get(reverse("accountability:manage_event", args=[world["event"].slug]))
    assert "Respuesta por publicar" in manage.content.decode()
    assert client.post(publish).status_code == 302
    client.logout()
    for url in public:
        assert "Abrirá en junio." in client.get(url).content.decode(), url
    question.refresh_from_db()
    assert question.answer_written_by == world["own"]
    assert question.answer_published_by == world["planning"]
    users = [h.history_user for h in question.history.order_by("history_id")]
    assert users[-2:] == [world["own"], world["planning"]]


def test_a_changed_answer_waits_for_publication_and_the_first_stays_public(client, world):
    question = world["question"]
    url = reverse("accountability:answer_question", args=[question.pk])
    client.force_login(world["own"])
    client.post(url, {"answer": "Primera.", "answered_on": str(timezone.localdate())})
    client.force_login(world["planning"])
    client.post(reverse("accountability:publish_answer", args=[question.pk]))
    client.force_login(world["own"])
    client.post(url, {"answer": "Corregida.", "answered_on": str(timezone.localdate())})
    client.logout()
    html = client.get(reverse("accountability:event", args=[world["event"].slug])).content
    assert "Primera." in html.decode() and "Corregida." not in html.decode()
