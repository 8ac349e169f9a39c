"""The 2023 accountability report (seed 004) as stored: the published figures come back from
the stored rows, and loading twice changes nothing."""

import datetime
from decimal import Decimal as D

import pytest

from accountability import calculations as calc
from accountability.models import (
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    CitizenTopic,
    DemographicRow,
    Document,
    Event,
    SelfAssessment,
    Stage,
)
from accountability.seed import load_all, published_figures, seed_files
from publication.seed import read_seed
from tests.reloading import assert_loading_again_changes_nothing

PUBLISHED = published_figures(read_seed(seed_files()[0]))


SEEDED = [
    Event,
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    DemographicRow,
    CitizenTopic,
    Document,
    Stage,
]


def test_loading_twice_changes_nothing(acc_seeded):
    assert_loading_again_changes_nothing(load_all, SEEDED)


def test_the_hearing_of_20_april_2023(acc_seeded):
    hearing = Event.objects.get(strategy=acc_seeded, kind="hearing")
    assert hearing.date == datetime.date(2023, 4, 20)
    assert hearing.time == datetime.time(10, 0)
    assert hearing.title == "Audiencia Pública RdC – Vigencia 2022"
    (record,) = hearing.attendance.all()
    assert record.attendance_forms == int(PUBLISHED["hearing_attendance_forms"]) == 317
    assert record.live_views == int(PUBLISHED["hearing_live_views"]) == 872
    assert "Facebook" in record.live_views_channel
    assert set(hearing.objectives.values_list("number", flat=True)) == {2}


def test_the_four_dialogues_with_their_topics_and_modalities(acc_seeded):
    dialogues = Event.objects.filter(strategy=acc_seeded, kind="dialogue").order_by("date")
    assert len(dialogues) == int(PUBLISHED["dialogues"]) == 4
    assert [(d.date, d.modality, d.title) for d in dialogues] == [
        (datetime.date(2023, 6, 30), "in_person", "Tú eres parte de la Red CADE"),
        (
            datetime.date(2023, 9, 29),
            "in_person",
            "Acompañamiento Institucional a Iniciativas Restaurativas en el Marco de la Justicia "
            "Transicional",
        ),
        (datetime.date(2023, 10, 19), "virtual", "Talento Humano en la Secretaría General"),
        (datetime.date(2023, 11, 22), "mixed", "Logros Bogotá Territorio Inteligente 2022 – 2023"),
    ]
    assert dialogues[0].venue == "SuperCADE Manitas"
    assert dialogues[3].venue == "Cámara de Comercio de Bogotá"
    assert "Alta Consejería Distrital de TIC" in dialogues[3].channels


def test_253_attendances_are_stored_once_for_the_four_dialogues(acc_seeded):
    record = AttendanceRecord.objects.get(strategy=acc_seeded, attendances__isnull=False)
    assert record.attendances == int(PUBLISHED["dialogue_attendances"]) == 253
    assert set(record.events.values_list("kind", flat=True)) == {"dialogue"}
    assert record.events.count() == 4
    totals = calc.attendance_totals(
        calc.AttendanceInput(
            r.label,
            tuple(r.events.values_list("kind", flat=True)),
            r.attendance_forms,
            r.attendances,
            r.live_views,
        )
        for r in AttendanceRecord.objects.filter(strategy=acc_seeded)
    )
    assert (totals.hearing_forms, totals.live_views, totals.dialogue_attendances) == (317, 872, 253)


def test_sex_and_age_shares_computed_from_the_stored_rows_equal_the_report(acc_seeded):
    rows = DemographicRow.objects.filter(record__strategy=acc_seeded).order_by("order")
    summaries = calc.summarise_demographics(
        calc.DemographicInput(r.dimension, r.category, r.count, r.published_share) for r in rows
    )
    published = PUBLISHED["shares"]
    assert [s.dimension for s in summaries] == ["Sexo", "Grupo de edad"]
    for summary in summaries:
        assert {c.category: c.share for c in summary.categories} == {
            category: D(value) for category, value in published[summary.dimension].items()
        }
        assert summary.share_sum == D(100)
        assert summary.basis == "published"  # the report gives no head counts
        assert summary.total is None
    sex, age = summaries
    assert calc.majority(sex).category == "Mujeres"  # «la mayoría ... fueron mujeres»
    assert calc.majority(age).category == "Adultos"  # «... y personas adultas»


def test_the_strategy_its_stages_challenges_and_13_activities(acc_seeded):
    assert acc_seeded.year == 2023
    assert acc_seeded.lead_unit.code == "OAP"
    assert acc_seeded.objective.startswith("Orientar el desarrollo de espacio de rendición")
    assert list(acc_seeded.stages.values_list("kind", flat=True)) == [
        "preparation",
        "design_execution",
        "follow_up",
    ]
    assert acc_seeded.challenges.count() == 3
    activities = list(acc_seeded.activities.order_by("number"))
    assert len(activities) == int(PUBLISHED["activities"]) == 13
    assert activities[1].name == "Realizar mínimo dos audiencias públicas de rendición de cuentas"
    assert activities[4].planned_quarters == (2, 3, 4)
    assert [a.number for a in activities if not a.quarters_known] == [
        1,
        2,
        3,
        4,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        13,
    ]
    assert set(activities[1].responsible_units.values_list("code", flat=True)) == {
        "DESP",
        "OAP",
        "COM",
    }
    assert "doubt" not in activities[1].notes and "mínimo una audiencia" in activities[1].notes


def test_the_self_assessment_of_92_9_with_five_improvement_areas(acc_seeded):
    assessment = SelfAssessment.objects.get(strategy=acc_seeded)
    assert assessment.score == D(PUBLISHED["self_assessment"]) == D("92.9")
    assert assessment.scale == 100
    assert assessment.improvement_areas.count() == 5
    assert "2022" in assessment.notes  # the doubt about which year it measures


@pytest.mark.parametrize("year, count", [(2022, 15), (2023, 20)])
def test_the_topics_proposed_by_citizens_in_both_lists(acc_seeded, year, count):
    topics = CitizenTopic.objects.filter(strategy=acc_seeded, year=year)
    assert topics.count() == int(PUBLISHED["topics"][year]) == count
    if year == 2022:
        assert set(topics.values_list("included", flat=True)) == {True}
        assert set(topics.values_list("included_in__kind", flat=True)) == {"hearing"}
    else:
        assert set(topics.values_list("included", flat=True)) == {None}
        assert topics.filter(text="Archivo de Bogotá.").exists()


def test_load_seed_loads_the_accountability_report_after_the_plans(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "rendición de cuentas: Estrategia de Rendición de Cuentas 2023" in out.getvalue()
    assert Event.objects.filter(strategy__year=2023).count() == 5


def test_a_bad_reference_stops_the_load_in_spanish_and_saves_nothing(seeded):
    import copy

    from accountability.models import Strategy
    from accountability.seed import load_strategy
    from publication.seed import SeedError

    data = copy.deepcopy(read_seed(seed_files()[0]))
    data["strategy"]["year"] = 2099
    data["events"][-1]["units"] = ["NOEXISTE"]
    with pytest.raises(SeedError, match="la dependencia «NOEXISTE» no está en «units»"):
        load_strategy(data)
    assert not Strategy.objects.filter(year=2099).exists()
