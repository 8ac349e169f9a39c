"""The scorecard (pure): change, sparkline, meter and a sentence that agrees with the badges."""

import datetime
from decimal import Decimal as D

from django.utils import translation

from plan import scorecard
from plan.scorecard import CutoffFigures, Figure

THRESHOLDS = (D(90), D(70))  # green from, yellow from
MARCH, JUNE = datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)


def cutoff(date, plan, **objectives):
    return CutoffFigures(
        date,
        Figure(plan, "green"),
        {int(k[1:]): Figure(v[0], v[1], f"Objetivo {k[1:]}") for k, v in objectives.items()},
    )


def test_the_meter_puts_100_the_thresholds_and_over_execution_at_their_true_places():
    scale = scorecard.scale_for([D("183.33"), D("98.48"), D(0), None])
    assert scale == D(200)
    over = scorecard.meter(D("183.33"), scale, THRESHOLDS)
    assert (over.fill, over.hundred, over.over) == ("91.66", "50.00", True)  # beyond the mark
    short = scorecard.meter(D("98.48"), scale, THRESHOLDS)
    assert D(short.fill) < D(short.hundred) and not short.over  # visibly short of 100 %
    zero = scorecard.meter(D(0), scale, THRESHOLDS)
    assert zero.fill == "0.00"
    assert scorecard.meter(None, scale, THRESHOLDS).fill == "0"
    assert over.zones == (
        ("0.00", "35.00", "red"),
        ("35.00", "10.00", "yellow"),
        ("45.00", "55.00", "green"),
    )
    assert scorecard.scale_for([D(60)]) == D(100)


def test_a_single_cutoff_has_no_change_and_no_trend():
    card = scorecard.build([cutoff(MARCH, D("105.97"), o4=(D("183.33"), "green"))], THRESHOLDS)
    assert card.previous_date is None and card.cutoffs == 1
    line = card.lines[0]
    assert (line.change, line.arrow, line.spark) == (None, "", ())


def test_two_cutoffs_give_the_change_in_points_with_its_arrow():
    card = scorecard.build(
        [
            cutoff(MARCH, D("105.97"), o4=(D("183.33"), "green"), o6=(D("98.48"), "green")),
            cutoff(JUNE, D("76.56"), o4=(D("112.5"), "green"), o6=(D("98.48"), "green")),
        ],
        THRESHOLDS,
        lagging={4: 1, 6: 0, None: 1},
    )
    four, six = card.lines
    assert card.previous_date == MARCH
    assert (four.arrow, four.points, four.lagging) == ("▼", D("70.83"), 1)
    assert (six.arrow, six.points) == ("=", D("0.00"))
    assert card.headline.arrow == "▼" and card.headline.points == D("29.41")
    assert len(four.spark) == 1 and four.spark_last is not None


def test_eight_cutoffs_draw_eight_points_and_a_gap_splits_the_line():
    values = [D(10), D(20), None, D(40), D(50), D(60), D(70), D(80)]
    dates = [datetime.date(2019 + k, 12, 31) for k in range(8)]
    card = scorecard.build(
        [cutoff(d, v, o1=(v, "red")) for d, v in zip(dates, values, strict=True)], THRESHOLDS
    )
    line = card.lines[0]
    assert card.cutoffs == 8
    assert [len(s.split()) for s in line.spark] == [2, 5]  # 10, 20 | 40 … 80
    assert line.arrow == "▲" and line.points == D(10)
    assert line.spark_last == ("62.0", "5.2")  # the last x; 80 % is near the top (100 %)


def test_the_sentence_counts_the_colours_the_badges_show_with_plurals():
    with translation.override("es"):
        pes = scorecard.colour_sentence(
            ["grey", "green", "green", "green", "green", "green", "red", "green"], MARCH
        )
        one = scorecard.colour_sentence(["green"], MARCH)
    assert pes == (
        "Al 31/03/2026: 6 objetivos en «Satisfactorio», 1 objetivo en «Crítico» y "
        "1 objetivo en «Sin dato»."
    )
    assert one == "Al 31/03/2026: 1 objetivo en «Satisfactorio»."
    with translation.override("en"):
        english = scorecard.colour_sentence(["green", "yellow", "yellow"], MARCH)
    assert english == "At 31/03/2026: 1 objective «On track» and 2 objectives «At risk»."


def test_lagging_counts_an_indicator_once_even_when_it_feeds_two_objectives():
    statuses = {1: "lag", 2: "met", 3: "lag"}
    assert scorecard.lagging_count([1, 1, 2, 3, 4], statuses) == 2
