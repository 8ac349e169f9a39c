"""Accountability internal pages: who opens them, follow-ups, reviews and answers."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Commitment, CommitmentFollowUp
from accountability.tests.people import user_with
from plan.roles import PLANNING
from tests.downloads import content

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


# Who may write on behalf of the responsible unit: its members and the planning office.
UNIT_OR_PLANNING_WRITES = [
    ("anonymous", 302),
    ("other", 404),  # another unit's: outside a reporter's scope (plan.permissions)
    ("own", 200),
    ("director", 403),
    ("planning", 200),
    ("director_member", 403),
    ("promoted", 403),
    ("planning_member", 200),
]


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


def as_who(client, world, who, name, target) -> str:
    """Signed in as ``who`` (not at all for "anonymous"): the URL of page ``name`` of ``target``."""
    if who != "anonymous":
        client.force_login(world[who])
    return reverse(name, args=[target.pk])


@pytest.mark.parametrize("who, status", UNIT_OR_PLANNING_WRITES)
def test_who_reports_a_commitment_follow_up(client, world, who, status):
    url = as_who(client, world, who, "accountability:report_follow_up", world["commitment"])
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
    url = as_who(client, world, who, "accountability:review_follow_up", follow_up)
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


@pytest.mark.parametrize("who, status", UNIT_OR_PLANNING_WRITES)
def test_who_answers_a_question(client, world, who, status):
    url = as_who(client, world, who, "accountability:answer_question", world["question"])
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
        not in content(
            client.get(reverse("accountability:download", args=["preguntas", "json"]))
        ).decode()
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
        assert "Abrirá en junio." not in content(client.get(url)).decode(), url
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
        assert "Abrirá en junio." in content(client.get(url)).decode(), url
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


def test_the_past_due_list_reads_only_open_commitments_from_its_index(world):
    """The «past due» list walks the index of the commitments not yet fulfilled, in order: the
    fulfilled ones (most of a district's history) are not in it. The planner is told not to
    scan the table, since a test's few rows would be scanned anyway; what is checked is that
    the query's conditions let it use the partial index."""
    from django.db import connection, transaction

    from accountability.loading_manage import past_due_commitments

    today = timezone.localdate()
    Commitment.objects.create(
        event=world["event"],
        description="Cumplido hace tiempo",
        responsible_unit=world["commitment"].responsible_unit,
        due_date=today - datetime.timedelta(days=400),
        status="fulfilled",
        progress=D(100),
    )
    rows = past_due_commitments(world["planning"], today)
    assert [row["description"] for row in rows] == ["Publicar el informe de respuestas"]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = past_due_commitments(world["planning"], today)[:11].explain()
    assert "commitment_open_due_idx" in plan
