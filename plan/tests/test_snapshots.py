"""Reading published snapshots (pure: no database)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal as D

from publication.snapshots import Correction, read_cutoff

WHEN = datetime.datetime(2026, 4, 10, 15, 0, tzinfo=datetime.UTC)


@dataclass
class Row:
    version: int
    payload: dict
    published_at: datetime.datetime = WHEN
    plan_compliance: D | None = None


def payload(seven="60", progress="60"):
    return {
        "schema": 2,
        "cutoff": "2026-03-31",
        "rule": "programmed_at_cutoff",
        "cap_progress": False,
        "plan_compliance": "80",
        "plan_colour": "yellow",
        "objectives": [_open_government(seven, progress), _talent()],
        "indicators": [_indicator(progress)],
    }


def _open_government(seven, progress) -> dict:
    return {
        "id": 17,
        "number": 7,
        "short_title": "Gobierno abierto",
        "statement": "Fortalecer el modelo de gobierno abierto",
        "weight": "1",
        "compliance": seven,
        "colour": "red",
        "terms": [
            {
                "indicator_id": 5,
                "weight": "100",
                "included": True,
                "reason": "measured",
                "progress": progress,
                "normalised_weight": "100",
                "contribution": progress,
            }
        ],
    }


def _talent() -> dict:
    return {
        "id": 11,
        "number": 1,
        "short_title": "Talento humano",
        "statement": "",
        "weight": "1",
        "compliance": None,
        "colour": "grey",
        "terms": [],
    }


def _indicator(progress) -> dict:
    return {
        "id": 5,
        "code": "4200",
        "name": "Estrategia de Gobierno Abierto",
        "unit": "number",
        "direction": "higher",
        "annualization": "creciente",
        "goal": {"kind": "sectoral", "code": "346-2276", "name": "Fortalecer 100%"},
        "responsible_unit": "",
        "programmed_year": "0.27",
        "programmed_cutoff": "0.05",
        "executed": "0.03",
        "progress_at_cutoff": progress,
        "progress_in_year": "11.11",
        "status": "lag",
        "gap": "0.02",
        "analysis": "Rezago de 0,02",
        "evidence_url": "",
    }


def test_a_published_cutoff_reads_decimals_and_orders_objectives_by_number():
    cutoff = read_cutoff(datetime.date(2026, 3, 31), Row(1, payload()))
    assert [o.number for o in cutoff.objectives] == [1, 7]
    seven = cutoff.objective(7)
    assert seven.compliance == D(60) and not seven.corrected
    assert seven.terms[0].normalised_weight == D(100)
    assert cutoff.objective(1).compliance is None
    assert cutoff.indicators[5].label == "4200 Estrategia de Gobierno Abierto"
    assert cutoff.indicators[5].goal_code == "346-2276"
    assert not cutoff.corrected and cutoff.last_correction is None


def test_a_correction_keeps_the_figure_first_published_beside_the_current_one():
    first, latest = Row(1, payload()), Row(2, payload(seven="100", progress="100"))
    correction = Correction(2, WHEN, "Corrección del reporte de la meta 2276")
    cutoff = read_cutoff(datetime.date(2026, 3, 31), latest, first, (correction,))
    seven = cutoff.objective(7)
    assert seven.compliance == D(100)
    assert seven.original_compliance == D(60)
    assert seven.corrected
    assert cutoff.indicators[5].original_progress == D(60)
    assert cutoff.indicators[5].corrected
    assert not cutoff.objective(1).corrected
    assert cutoff.corrected and cutoff.last_correction.reason.startswith("Corrección")


def test_a_schema_1_payload_without_the_newer_fields_still_reads():
    old = payload()
    del old["schema"], old["rule"]
    for objective in old["objectives"]:
        del objective["statement"], objective["weight"]
    for indicator in old["indicators"]:
        del indicator["goal"], indicator["evidence_url"]
    cutoff = read_cutoff(datetime.date(2026, 3, 31), Row(1, old))
    assert cutoff.objective(7).statement == "" and cutoff.indicators[5].goal_name == ""
