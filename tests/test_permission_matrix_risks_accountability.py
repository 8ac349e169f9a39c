"""The permission matrix of issue 15 for the risk map, accountability and the admin: every
person of tests/district.py, every internal URL and POST, on the registers of entities a, b,
c and sector s1 (tests/district_registers.py).

Expectations are written out per person (not computed by plan.permissions): an object in
scope answers 200 (or 302 after a write), outside it 404 with nothing changed; a person
without the role gets 403; anonymous people go to the sign-in page. Public pages stay public."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from accountability.models import CommitmentFollowUp, Question
from risks.models import FollowUp, PublishedRiskVersion, Risk, RiskCutoff
from tests.district_registers import CODES, make_district_registers
from tests.district_scopes import READS_ORGANISATION

ALL = frozenset(CODES)
# What each person reads, manages (configures, reviews, publishes) and reports, by
# organisation code. A Directivo never writes; a sector reads its entities and manages
# the sector's own register; a Reportante reads its entity's register and reports its unit's.
# What each reads is the district's table of organisations read (tests/district_scopes).
READS = READS_ORGANISATION
MANAGES = {
    "plan_a": {"a"},
    "plan_b": {"b"},
    "plan_c": {"c"},
    "plan_s1": {"s1"},
    "plan_district": ALL,
    "plan_a_dir_district": {"a"},
    "legacy_planning": ALL,
}
REPORTS = {**MANAGES, "rep_a": {"a"}}
PLANNING = set(MANAGES)
PEOPLE = sorted(READS)


@pytest.fixture
def world(db, settings):
    # Tests sign in with force_login: the district's passwords need no slow hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_district_registers()


def login(client, world, username):
    client.force_login(world[0].users[username])
    return client


def each_code(client, world, username, scope) -> list[tuple[str, bool]]:
    """Signs ``username`` in; (code, whether ``scope`` gives it that organisation) for every
    organisation code of the district."""
    login(client, world, username)
    return [(code, code in scope.get(username, ())) for code in CODES]


def expect(ok: bool, has_role: bool = True) -> int:
    return 200 if ok else (404 if has_role else 403)


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PEOPLE)
def test_each_person_reads_the_risks_and_events_of_its_scope_only(client, world, username):
    d, r = world
    for code, ok in each_code(client, world, username, READS):
        for url in (f"/riesgos/{r.risks[code][0].pk}/", f"/riesgos/{r.risks[code][1].pk}/"):
            assert client.get(url).status_code == expect(ok), (url, code)
        url = f"/rendicion-de-cuentas/gestion/espacios/{r.event[code].slug}/"
        assert client.get(url).status_code == expect(ok), (url, code)
        # the non-public event is not shown on the public page outside the scope either
        assert client.get(f"/rendicion-de-cuentas/espacios/{r.event[code].slug}/").status_code == (
            200 if ok else 404
        )


@pytest.mark.parametrize("username", PEOPLE)
def test_lists_and_exports_show_only_the_scope(client, world, username):
    d, r = world
    login(client, world, username)
    wanted = {d.orgs[c].pk for c in READS[username]}
    for url in ("/riesgos/registro/", "/riesgos/"):
        response = client.get(url, {"vigencia": "2025"})
        rows = response.context["page"].object_list if "page" in response.context else None
        if rows is not None:
            orgs = {
                r["organisation_id"] if isinstance(r, dict) else r.organisation_id for r in rows
            }
            assert orgs == wanted, url
    response = client.get("/riesgos/", {"vigencia": "2025"})
    assert response.context["total"] == 4 * len(wanted)
    # an entity chosen offers its units, only in the scope; another's posted id filters nothing
    chosen = client.get("/riesgos/", {"vigencia": "2025", "entidad": d.orgs["c"].code})
    units = {u for u, _ in chosen.context["form"].fields["dependencia"].choices if u}
    assert (d.units["c"].pk in units) is ("c" in READS[username])
    other = next(c for c in CODES if c not in READS[username]) if READS[username] != ALL else None
    if other:
        response = client.get("/riesgos/registro/", {"dependencia": d.units[other].pk})
        assert list(response.context["page"].object_list) == []
    export = client.get("/riesgos/registro/exportar/", {"vigencia": "2025"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet.max_row - 1 == 4 * len(wanted)
    manage = client.get("/rendicion-de-cuentas/gestion/")
    events = manage.context["page"].object_list
    entities = [e for sector in manage.context["groups"] for e in sector.entities]
    strategies = {e.organisation["id"] for e in entities if e.strategies}
    found = {e["strategy__organisation_id"] for e in events}
    if READS[username] == ALL:  # the district also reads what the migrations installed
        assert wanted <= found and wanted <= strategies
    else:
        assert found == wanted and strategies == wanted
    review = CommitmentFollowUp.objects.filter(
        pk__in=[f["id"] for f in manage.context["todo"].to_review]
    ).values_list("commitment__event__strategy__organisation_id", flat=True)
    assert set(review) <= wanted
    follow_ups = client.get("/riesgos/seguimiento/")
    assert {c.organisation_id for c in follow_ups.context["cutoffs"]} == wanted
    timeline = client.get("/rendicion-de-cuentas/gestion/2024/cronograma/")
    assert timeline.status_code == 200
    assert timeline.context["page"].strategy.organisation_id in wanted


def test_anonymous_people_go_to_sign_in_and_public_pages_stay_public(client, world):
    d, r = world
    risk, event = r.risks["a"][0], r.event["a"]
    internal = [
        "/riesgos/",
        "/riesgos/registro/",
        "/riesgos/registro/exportar/",
        "/riesgos/registro/importar/",
        f"/riesgos/{risk.pk}/",
        f"/riesgos/{risk.pk}/editar/",
        f"/riesgos/{risk.pk}/plan-de-accion/",
        f"/riesgos/seguimiento/{r.follow_up['a'].pk}/revision/",
        "/rendicion-de-cuentas/gestion/",
        f"/rendicion-de-cuentas/gestion/espacios/{event.slug}/",
        f"/rendicion-de-cuentas/gestion/compromisos/{r.commitment['a'].pk}/seguimiento/",
        f"/rendicion-de-cuentas/gestion/preguntas/{r.question['a'].pk}/respuesta/",
    ]
    for url in internal:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/")
    response = client.post(f"/riesgos/{risk.pk}/publicar/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/")
    for url in ("/riesgos/corrupcion/", "/riesgos/metodologia/", "/rendicion-de-cuentas/"):
        assert client.get(url).status_code == 200
    assert client.get(f"/rendicion-de-cuentas/espacios/{event.slug}/").status_code == 404
    public = r.event["b"].strategy.events.exclude(pk=r.event["b"].pk).first()
    assert client.get(f"/rendicion-de-cuentas/espacios/{public.slug}/").status_code == 200


# --- Managing and reviewing ----------------------------------------------------------------


@pytest.mark.parametrize("username", PEOPLE)
def test_configuring_pages_answer_within_the_managed_organisations(client, world, username):
    d, r = world
    planning = username in PLANNING
    for code, ok in each_code(client, world, username, MANAGES):
        risk = r.risks[code][0]
        for url in (
            f"/riesgos/{risk.pk}/editar/",
            f"/riesgos/{risk.pk}/valoracion/",
            f"/riesgos/seguimiento/{r.follow_up[code].pk}/revision/",
        ):
            assert client.get(url).status_code == expect(ok, planning), (url, code)


@pytest.mark.parametrize("username", PEOPLE)
def test_writes_outside_the_managed_organisations_change_nothing(client, world, username):
    d, r = world
    planning = username in PLANNING
    for code, ok in each_code(client, world, username, MANAGES):
        risk = r.risks[code][0]  # a corruption risk (make_register: every third one)
        # Publish the corruption risk on the public map.
        response = client.post(f"/riesgos/{risk.pk}/publicar/")
        assert response.status_code == (302 if ok else expect(False, planning)), code
        published = PublishedRiskVersion.objects.filter(risk=risk).exists()
        assert published is ok
        # Review the risk follow-up.
        url = f"/riesgos/seguimiento/{r.follow_up[code].pk}/revision/"
        response = client.post(url, {"decision": "returned", "review_notes": "Ajustar"})
        assert response.status_code == (302 if ok else expect(False, planning)), code
        assert FollowUp.objects.get(pk=r.follow_up[code].pk).status == (
            "returned" if ok else "submitted"
        )
        # Review the commitment follow-up; publish the answer.
        pk = r.commitment_follow_up[code].pk
        url = f"/rendicion-de-cuentas/gestion/seguimientos/{pk}/revision/"
        response = client.post(url, {"decision": "return", "comment": "Falta la evidencia"})
        assert response.status_code == (302 if ok else expect(False, planning)), code
        stored = CommitmentFollowUp.objects.get(pk=r.commitment_follow_up[code].pk)
        assert stored.review_status == ("returned" if ok else "submitted")
        url = f"/rendicion-de-cuentas/gestion/preguntas/{r.question[code].pk}/publicar/"
        response = client.post(url)
        assert response.status_code == (302 if ok else expect(False, planning)), code
        answer = Question.objects.get(pk=r.question[code].pk).answer
        assert (answer == "Respuesta en borrador") is ok


def risk_post(risk, **changes):
    data = {
        "year": str(risk.year),
        "code": risk.code,
        "kind": risk.kind,
        "name": "Nombre cambiado",
        "process": str(risk.process_id or ""),
        "investment_project": str(risk.investment_project_id or ""),
        "responsible_unit": str(risk.responsible_unit_id),
        "treatment": "avoid",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("username", ["plan_a", "plan_s1", "plan_a_dir_district"])
def test_a_risk_of_another_entity_is_not_edited_nor_moved_there(client, world, username):
    d, r = world
    login(client, world, username)
    other = r.risks["b"][0]
    response = client.post(f"/riesgos/{other.pk}/editar/", risk_post(other))
    assert response.status_code == 404
    assert Risk.objects.get(pk=other.pk).name != "Nombre cambiado"
    # Creating a risk in another entity's process: refused in Spanish, nothing saved.
    before = Risk.objects.count()
    response = client.post("/riesgos/registro/nuevo/", risk_post(other, code="NUEVO"))
    assert response.status_code == 200
    assert "Elija una opción de las entidades a su cargo" in response.content.decode()
    assert Risk.objects.count() == before


def test_the_entity_office_creates_risks_in_its_own_register(client, world):
    d, r = world
    login(client, world, "plan_a")
    own = r.risks["a"][1]
    response = client.post("/riesgos/registro/nuevo/", risk_post(own, code="NUEVO"))
    assert response.status_code == 302, response.context["form"].errors
    assert Risk.objects.get(code="NUEVO").organisation == d.orgs["a"]
    form = client.get("/riesgos/registro/nuevo/").context["form"]
    assert {p.organisation_id for p in form.fields["process"].queryset} == {d.orgs["a"].pk}


# --- Reporting -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", PEOPLE)
def test_reporting_pages_answer_within_the_reported_units(client, world, username):
    d, r = world
    for code, ok in each_code(client, world, username, REPORTS):
        risk, cutoff = r.risks[code][0], r.cutoff[code]
        for url in (
            f"/riesgos/{risk.pk}/plan-de-accion/",
            f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/",
        ):
            assert client.get(url).status_code == expect(ok), (url, code)
        reads = code in READS[username]
        for url in (
            f"/rendicion-de-cuentas/gestion/compromisos/{r.commitment[code].pk}/seguimiento/",
            f"/rendicion-de-cuentas/gestion/preguntas/{r.question[code].pk}/respuesta/",
        ):
            # Read but not reported (a Directivo): 403; outside the scope: 404.
            status = 200 if ok else (403 if reads else 404)
            assert client.get(url).status_code == status, (url, code)


@pytest.mark.parametrize("username", PEOPLE)
def test_pages_link_to_reports_and_reviews_only_within_the_scope(client, world, username):
    """A sector head reads its entities' follow-ups but reports and reviews only its own."""
    d, r = world
    login(client, world, username)
    for code in READS[username]:
        ok = code in REPORTS.get(username, ())
        response = client.get("/riesgos/seguimiento/", {"corte": r.cutoff[code].pk})
        assert response.context["cutoff"] == r.cutoff[code]
        assert {reportable for _risk, _f, reportable in response.context["rows"]} <= {ok}
        assert response.context["can_review"] is (code in MANAGES.get(username, ()))
        page = client.get(f"/rendicion-de-cuentas/gestion/espacios/{r.event[code].slug}/")
        page = page.context["page"]
        assert {row.can_report for row in page.commitments} == {ok}
        assert {row.can_answer for row in page.questions} == {ok}


@pytest.mark.parametrize("username", PEOPLE)
def test_reports_outside_the_scope_change_nothing(client, world, username):
    d, r = world
    for code, ok in each_code(client, world, username, REPORTS):
        commitment = r.commitment[code]
        before = CommitmentFollowUp.objects.filter(commitment=commitment).count()
        client.post(
            f"/rendicion-de-cuentas/gestion/compromisos/{commitment.pk}/seguimiento/",
            {"date": "2024-05-02", "status": "in_progress", "progress": "60", "narrative": "B"},
        )
        after = CommitmentFollowUp.objects.filter(commitment=commitment).count()
        assert after == before + (1 if ok else 0), code
        risk = r.risks[code][2]  # of the unit of tests/district.py, not followed at the 2nd cutoff
        cutoff = RiskCutoff.objects.filter(organisation=d.orgs[code]).order_by("date")[1]
        client.post(
            f"/riesgos/{risk.pk}/seguimiento/{cutoff.pk}/",
            {"controls_executed": "yes", "evidence": "Actas", "materialised": ""},
        )
        assert FollowUp.objects.filter(risk=risk, cutoff=cutoff).exists() is ok, code


# --- Import --------------------------------------------------------------------------------


def test_the_import_offers_and_accepts_only_the_managed_organisations(client, world):
    from risks import workbook_export

    d, r = world
    login(client, world, "plan_a")
    form = client.get("/riesgos/registro/importar/").context["form"]
    assert list(form.fields["organisation"].queryset) == [d.orgs["a"]]
    content = workbook_export.export_workbook(Risk.objects.filter(organisation=d.orgs["b"]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("b.xlsx", content)
    response = client.post(
        "/riesgos/registro/importar/", {"organisation": d.orgs["b"].pk, "workbook": upload}
    )
    assert "Elija una opción de las entidades a su cargo" in response.content.decode()
    # b's workbook imported into a's register: b's units are not a's, nothing is written.
    before = list(Risk.objects.order_by("id").values_list("id", "name", "responsible_unit"))
    upload = SimpleUploadedFile("b.xlsx", content)
    response = client.post(
        "/riesgos/registro/importar/", {"organisation": d.orgs["a"].pk, "workbook": upload}
    )
    assert response.context["errors"]
    assert list(Risk.objects.order_by("id").values_list("id", "name", "responsible_unit")) == (
        before
    )


def test_the_import_service_refuses_another_entitys_register(world):
    from django.core.exceptions import PermissionDenied

    from risks import workbook
    from risks.methodology import current
    from risks.services import methodology_context

    d, r = world
    ctx = methodology_context(current())
    result = workbook.ParseResult()
    before = Risk.objects.count()
    with pytest.raises(PermissionDenied):
        workbook.apply_import(result, d.orgs["b"], ctx, d.users["plan_a"])
    assert Risk.objects.count() == before


# --- Services check the scope themselves ------------------------------------------------------


def test_services_refuse_objects_outside_the_scope(world):
    from django.core.exceptions import PermissionDenied

    from accountability import services as acc
    from risks.published import publish_risk
    from risks.services import review_follow_up

    d, r = world
    plan_a = d.users["plan_a"]
    with pytest.raises(PermissionDenied):
        review_follow_up(r.follow_up["b"], plan_a, "approved")
    with pytest.raises(PermissionDenied):
        publish_risk(r.risks["b"][0], plan_a)
    with pytest.raises(PermissionDenied):
        acc.review_follow_up(r.commitment_follow_up["b"].pk, plan_a, False, "No")
    with pytest.raises(PermissionDenied):
        acc.publish_answer(r.question["b"].pk, plan_a)
    with pytest.raises(PermissionDenied):
        acc.write_answer(r.question["b"], d.users["rep_a"], "R", "", r.question["b"].asked_on)
    assert FollowUp.objects.get(pk=r.follow_up["b"].pk).status == "submitted"
    assert not PublishedRiskVersion.objects.filter(risk=r.risks["b"][0]).exists()
    assert Question.objects.get(pk=r.question["b"].pk).answer == ""
    # within the scope they work
    assert review_follow_up(r.follow_up["a"], plan_a, "returned", "Ajustar").status == "returned"


# --- The admin -------------------------------------------------------------------------------


def staff(user):
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["plan", "indicators", "risks", "accountability", "auth"]
        )
    )
    return user


ADMIN_MODELS = [
    ("risks", "risk", lambda r, c: r.risks[c][0]),
    ("risks", "followup", lambda r, c: r.follow_up[c]),
    ("risks", "riskcutoff", lambda r, c: r.cutoff[c]),
    ("risks", "assessment", lambda r, c: r.risks[c][0].assessment),
    ("accountability", "event", lambda r, c: r.event[c]),
    ("accountability", "strategy", lambda r, c: r.event[c].strategy),
    ("accountability", "question", lambda r, c: r.question[c]),
    ("accountability", "commitment", lambda r, c: r.commitment[c]),
    ("plan", "plan", None),
    ("plan", "unit", None),
    ("indicators", "indicator", None),
]


def admin_object(d, r, model, getter, code):
    if getter is not None:
        return getter(r, code)
    if model == "plan":
        return d.plans[code]
    if model == "unit":
        return d.units[code]
    return d.plans[code].indicators.order_by("id").first()


@pytest.mark.parametrize("username", ["plan_a", "plan_s1", "plan_a_dir_district"])
def test_the_admin_shows_and_changes_only_the_managed_rows(client, world, username):
    d, r = world
    client.force_login(staff(d.users[username]))
    for app, model, getter in ADMIN_MODELS:
        base = f"/admin/{app}/{model}/"
        listed = client.get(base)
        assert listed.status_code == 200, base
        shown = {obj.pk for obj in listed.context["cl"].result_list}
        for code in CODES:
            ok = code in MANAGES[username]
            obj = admin_object(d, r, model, getter, code)
            assert (obj.pk in shown) is ok, (base, code)
            change = f"{base}{obj.pk}/change/"
            assert client.get(change).status_code == (200 if ok else 404), (change, code)
            assert client.post(change, {}).status_code == (200 if ok else 404), (change, code)
            delete = f"{base}{obj.pk}/delete/"
            assert client.get(delete).status_code in ((200, 302) if ok else (404,)), delete
            assert client.get(f"{base}{obj.pk}/history/").status_code == (200 if ok else 404)


def test_the_admin_refuses_to_move_a_row_to_another_entity(client, world):
    d, r = world
    client.force_login(staff(d.users["plan_a"]))
    cutoff = r.cutoff["a"]
    url = f"/admin/risks/riskcutoff/{cutoff.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert {o.pk for o in form.fields["organisation"].queryset} == {d.orgs["a"].pk}
    data = {
        "organisation": d.orgs["b"].pk,
        "date": cutoff.date.isoformat(),
        "deadline": cutoff.deadline.isoformat(),
        "status": cutoff.status,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Elija una opción de las entidades a su cargo" in response.content.decode()
    cutoff.refresh_from_db()
    assert cutoff.organisation == d.orgs["a"]


def test_people_and_the_methodology_are_for_superusers_only(client, world):
    d, r = world
    client.force_login(staff(d.users["plan_a"]))
    for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/risks/methodology/"):
        assert client.get(url).status_code == 403, url
    user = d.users["plan_b"]
    assert client.get(f"/admin/auth/user/{user.pk}/change/").status_code in (403, 404)
    assert client.get("/admin/plan/organisation/add/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert "/admin/auth/user/" not in index and "/admin/risks/risk/" in index


def test_superusers_remain_unrestricted_in_the_admin(client, world):
    from django.contrib.auth.models import User

    d, r = world
    client.force_login(User.objects.create_superuser("raiz"))
    shown = {o.pk for o in client.get("/admin/risks/risk/").context["cl"].result_list}
    assert {r.risks[c][0].pk for c in CODES} <= shown
    assert client.get("/admin/auth/user/").status_code == 200
    url = f"/admin/risks/riskcutoff/{r.cutoff['c'].pk}/change/"
    assert client.get(url).status_code == 200
