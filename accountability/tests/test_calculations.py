"""The pure arithmetic of accountability, without a database."""

import datetime
from decimal import Decimal as D

from accountability import calculations as calc
from accountability.choices import ActivityStatus, AnswerStatus, CommitmentStatus

TODAY = datetime.date(2024, 3, 1)


def test_shares_come_from_counts_when_every_category_has_one():
    (summary,) = calc.summarise_demographics(
        [
            calc.DemographicInput("Sexo", "Mujeres", 2),
            calc.DemographicInput("Sexo", "Hombres", 1),
        ]
    )
    assert summary.basis == "counts"
    assert summary.total == 3
    assert [c.share for c in summary.categories] == [D("66.67"), D("33.33")]
    assert summary.share_sum == D("100.00")
    assert summary.adds_up


def test_published_shares_are_kept_when_counts_are_missing():
    (summary,) = calc.summarise_demographics(
        [
            calc.DemographicInput("Sexo", "Mujeres", None, D(48)),
            calc.DemographicInput("Sexo", "Hombres", 5, D(33)),
            calc.DemographicInput("Sexo", "No responde", None, D(19)),
        ]
    )
    assert summary.basis == "published"
    assert summary.total is None
    assert [c.share for c in summary.categories] == [D(48), D(33), D(19)]
    assert calc.majority(summary).category == "Mujeres"


def test_dimensions_keep_the_order_they_come_in():
    summaries = calc.summarise_demographics(
        [
            calc.DemographicInput("Sexo", "Mujeres", 1),
            calc.DemographicInput("Grupo de edad", "Adultos", 1),
            calc.DemographicInput("Sexo", "Hombres", 1),
        ]
    )
    assert [s.dimension for s in summaries] == ["Sexo", "Grupo de edad"]
    assert [c.category for c in summaries[0].categories] == ["Mujeres", "Hombres"]


def test_shares_that_do_not_add_up_are_noticed():
    (summary,) = calc.summarise_demographics(
        [
            calc.DemographicInput("Sexo", "Mujeres", None, D(48)),
            calc.DemographicInput("Sexo", "Hombres", None, D(33)),
        ]
    )
    assert summary.share_sum == D(81)
    assert not summary.adds_up


def test_a_share_of_nothing_is_none():
    assert calc.share(0, 0) is None
    (summary,) = calc.summarise_demographics([calc.DemographicInput("Sexo", "Mujeres", 0)])
    assert summary.total == 0
    assert summary.categories[0].share is None


def test_answer_status_covers_every_case():
    due = datetime.date(2024, 2, 15)

    def status(during=False, answered_on=None, answer_due=due):
        return calc.answer_status(
            answered_during_event=during,
            answer_due=answer_due,
            answered_on=answered_on,
            today=TODAY,
        )

    assert status(during=True) == AnswerStatus.DURING_EVENT
    assert status(answered_on=due) == AnswerStatus.ON_TIME
    assert status(answered_on=due + datetime.timedelta(days=1)) == AnswerStatus.LATE
    assert status(answer_due=TODAY) == AnswerStatus.PENDING
    assert status() == AnswerStatus.OVERDUE


def test_an_overdue_answer_is_flagged_and_a_pending_one_is_not():
    assert calc.answer_is_flagged(AnswerStatus.OVERDUE)
    assert calc.answer_is_flagged(AnswerStatus.LATE)
    assert not calc.answer_is_flagged(AnswerStatus.PENDING)
    assert not calc.answer_is_flagged(AnswerStatus.ON_TIME)
    assert calc.days_late(datetime.date(2024, 2, 15), None, TODAY) == 15
    assert calc.days_late(datetime.date(2024, 2, 15), datetime.date(2024, 2, 17), TODAY) == 2
    assert calc.days_late(datetime.date(2024, 3, 15), None, TODAY) == 0


def test_an_overdue_commitment_is_flagged():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert calc.commitment_is_overdue(CommitmentStatus.IN_PROGRESS, yesterday, TODAY)
    assert calc.commitment_is_overdue(CommitmentStatus.NOT_FULFILLED, yesterday, TODAY)
    assert not calc.commitment_is_overdue(CommitmentStatus.FULFILLED, yesterday, TODAY)
    assert not calc.commitment_is_overdue(CommitmentStatus.PENDING, TODAY, TODAY)


def test_follow_up_checks_speak_spanish():
    assert calc.check_follow_up(CommitmentStatus.IN_PROGRESS, D(40)) == []
    assert calc.check_follow_up(CommitmentStatus.FULFILLED, D(90)) == [
        "Un compromiso cumplido tiene un avance de 100."
    ]
    assert calc.check_follow_up(CommitmentStatus.IN_PROGRESS, D(101)) == [
        "El avance debe estar entre 0 y 100."
    ]
    assert calc.check_follow_up(CommitmentStatus.PENDING, D(10)) == [
        "Un compromiso sin iniciar tiene un avance de 0."
    ]


def test_quarters():
    assert [calc.quarter_of(datetime.date(2023, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert calc.parse_quarters("2, 3,4") == (2, 3, 4)
    assert calc.parse_quarters("") == ()
    assert calc.parse_quarters("5,x,1") == (1,)


def test_timeline_lays_out_planned_executed_and_unknown_quarters():
    rows = calc.timeline(
        [
            calc.ActivityInput(1, "A", (2, 3), ActivityStatus.DONE, D(100), (3, 4)),
            calc.ActivityInput(2, "B", None, ActivityStatus.PARTIAL, D(50), (2,)),
        ]
    )
    assert [c.state for c in rows[0].cells] == ["empty", "planned", "planned_done", "done"]
    assert rows[0].quarters_known
    assert [c.state for c in rows[1].cells] == ["unknown", "done", "unknown", "unknown"]
    assert not rows[1].quarters_known


def test_year_summary_aggregates_the_year():
    activities = [
        calc.ActivityInput(1, "A", (1,), ActivityStatus.DONE, D(100)),
        calc.ActivityInput(2, "B", (1,), ActivityStatus.PARTIAL, D(50)),
        calc.ActivityInput(3, "C", (1,)),
    ]
    attendance = [
        calc.AttendanceInput("Audiencia", ("hearing",), attendance_forms=317, live_views=872),
        calc.AttendanceInput("Diálogos", ("dialogue",) * 4, attendances=253),
    ]
    questions = [
        calc.QuestionInput(AnswerStatus.DURING_EVENT),
        calc.QuestionInput(AnswerStatus.ON_TIME),
        calc.QuestionInput(AnswerStatus.LATE),
        calc.QuestionInput(AnswerStatus.OVERDUE),
    ]
    due = datetime.date(2024, 1, 1)
    commitments = [
        calc.CommitmentInput(CommitmentStatus.FULFILLED, D(100), due),
        calc.CommitmentInput(CommitmentStatus.IN_PROGRESS, D(50), due),
        calc.CommitmentInput(CommitmentStatus.PENDING, D(0), datetime.date(2025, 1, 1)),
    ]
    s = calc.year_summary(
        activities=activities,
        event_kinds=["hearing", "dialogue", "dialogue", "dialogue", "dialogue"],
        attendance=attendance,
        questions=questions,
        commitments=commitments,
        today=TODAY,
    )
    assert (s.activities, s.activities_done, s.activities_done_share) == (3, 1, D("33.33"))
    assert s.average_progress == D(75)
    assert s.activity_status_counts == [
        (ActivityStatus.DONE, 1),
        (ActivityStatus.PARTIAL, 1),
        (ActivityStatus.NOT_REPORTED, 1),
    ]
    assert s.events_by_kind == {"hearing": 1, "dialogue": 4}
    assert s.attendance.hearing_forms == 317
    assert s.attendance.live_views == 872
    assert s.attendance.dialogue_attendances == 253
    assert (s.questions, s.questions_on_time, s.questions_on_time_share) == (4, 2, D(50))
    assert s.questions_flagged == 2
    assert (s.commitments, s.commitments_fulfilled, s.commitments_overdue) == (3, 1, 1)
    assert s.commitments_fulfilled_share == D("33.33")
    assert s.commitments_average_progress == D(50)


def test_an_empty_year_has_no_shares_rather_than_zeroes():
    s = calc.year_summary(
        activities=[], event_kinds=[], attendance=[], questions=[], commitments=[], today=TODAY
    )
    assert s.activities_done_share is None
    assert s.questions_on_time_share is None
    assert s.commitments_fulfilled_share is None
    assert s.average_progress is None
