"""Installing a methodology version from its data file, and reading one back as plain data.

The installer takes a model getter so the data migration can run it with its historical models
(``apps.get_model``) and the ``load_methodology`` command with the real ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps as django_apps
from django.db import transaction

from risks import assessment

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "dafp_v6.yaml"


class MethodologyError(ValueError):
    pass


def read_methodology(path: Path = DEFAULT_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader, in C


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def plain_from_data(data: dict) -> assessment.Methodology:
    """The methodology of a data file as the pure module's dataclass (to check it)."""
    probability = tuple(
        assessment.ProbabilityLevel(
            p["position"], p["name"], _decimal(p["value"]), p.get("max_frequency")
        )
        for p in data["probability_levels"]
    )
    impact = tuple(
        assessment.ImpactLevel(
            i["position"],
            i["name"],
            _decimal(i["value"]),
            _decimal(i.get("max_smlmv")),
            bool(i["corruption"]),
        )
        for i in data["impact_levels"]
    )
    by_prob_name = {p.name: p.position for p in probability}
    by_impact_name = {i.name: i.position for i in impact}
    heat_map = {}
    for name, zones in data["heat_map"].items():
        if name not in by_prob_name:
            raise MethodologyError(
                f"el mapa de calor nombra una probabilidad que no existe: {name}"
            )
        if len(zones) != len(impact):
            raise MethodologyError(
                f"la fila {name} del mapa de calor no tiene {len(impact)} celdas"
            )
        for level, zone in zip(impact, zones, strict=True):
            heat_map[(by_prob_name[name], level.position)] = zone
    scores = {
        (a["attribute"], a["value"]): _decimal(a["score"])
        for a in data["control_attributes"]
        if a.get("score") is not None
    }
    targets = {
        a["value"]: a["reduces"] for a in data["control_attributes"] if a["attribute"] == "type"
    }
    bands = []
    for b in data.get("corruption_bands") or []:
        if b["impact"] not in by_impact_name:
            raise MethodologyError(f"rango de corrupción con impacto desconocido: {b['impact']}")
        bands.append(
            assessment.CorruptionBand(b["min_yes"], b["max_yes"], by_impact_name[b["impact"]])
        )
    return assessment.Methodology(
        code=data["code"],
        probability_levels=probability,
        impact_levels=impact,
        heat_map=heat_map,
        control_scores=scores,
        control_targets=targets,
        corruption_bands=tuple(bands),
        corruption_questions=len(data.get("corruption_questions") or []),
        corruption_forcing_questions=frozenset(data.get("corruption_forcing_questions") or []),
        corruption_impact_reducible=bool(data.get("corruption_impact_reducible", False)),
        acceptance_zones=frozenset(data.get("acceptance_zones") or []),
    )


def install(data: dict, get_model=django_apps.get_model, *, current: bool = True):
    """Store a methodology version; a version already installed is left as it is (assessments
    made with it must not change). Returns the Methodology row."""
    problems = assessment.check_methodology(plain_from_data(data))
    if problems:
        raise MethodologyError("; ".join(problems))
    Methodology = get_model("risks", "Methodology")
    existing = Methodology.objects.filter(code=data["code"]).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        if current:
            Methodology.objects.filter(is_current=True).update(is_current=False)
        methodology = _methodology_row(Methodology, data, current)
        probability, impact = _levels(methodology, data, get_model)
        _scores_and_questions(methodology, data, get_model, probability, impact)
    return methodology


def _methodology_row(model, data: dict, current: bool):
    published = data.get("published")
    if isinstance(published, str):
        published = datetime.date.fromisoformat(published)
    methodology = model.objects.create(
        code=data["code"],
        name=data["name"],
        published=published,
        notes=data.get("notes") or "",
        is_current=current,
        review_dates=list(data.get("review_dates") or []),
        report_working_days=data.get("report_working_days", 10),
        acceptance_zones=list(data.get("acceptance_zones") or []),
        corruption_impact_reducible=bool(data.get("corruption_impact_reducible", False)),
    )
    return methodology


def _levels(methodology, data: dict, get_model):
    """The probability levels by name and the impact levels in order."""
    probability = {
        p["name"]: get_model("risks", "ProbabilityLevel").objects.create(
            methodology=methodology,
            position=p["position"],
            name=p["name"],
            value=_decimal(p["value"]),
            max_frequency=p.get("max_frequency"),
            description=p.get("description") or "",
        )
        for p in data["probability_levels"]
    }
    impact = [
        get_model("risks", "ImpactLevel").objects.create(
            methodology=methodology,
            position=i["position"],
            name=i["name"],
            value=_decimal(i["value"]),
            max_smlmv=_decimal(i.get("max_smlmv")),
            allowed_for_corruption=bool(i["corruption"]),
            economic_description=i.get("economic") or "",
            reputational_description=i.get("reputational") or "",
        )
        for i in data["impact_levels"]
    ]
    return probability, impact


def _scores_and_questions(methodology, data: dict, get_model, probability, impact) -> None:
    """Heat map, control attribute scores, corruption questions and impact bands."""
    HeatMapCell = get_model("risks", "HeatMapCell")
    HeatMapCell.objects.bulk_create(
        HeatMapCell(methodology=methodology, probability=probability[name], impact=level, zone=z)
        for name, zones in data["heat_map"].items()
        for level, z in zip(impact, zones, strict=True)
    )
    Score = get_model("risks", "ControlAttributeScore")
    Score.objects.bulk_create(
        Score(
            methodology=methodology,
            attribute=a["attribute"],
            value=a["value"],
            score=_decimal(a.get("score")),
            reduces=a.get("reduces") or "",
        )
        for a in data["control_attributes"]
    )
    forcing = set(data.get("corruption_forcing_questions") or [])
    Question = get_model("risks", "CorruptionQuestion")
    Question.objects.bulk_create(
        Question(methodology=methodology, number=n, text=text, forces_catastrophic=n in forcing)
        for n, text in enumerate(data.get("corruption_questions") or [], start=1)
    )
    by_name = {level.name: level for level in impact}
    Band = get_model("risks", "CorruptionImpactBand")
    Band.objects.bulk_create(
        Band(
            methodology=methodology,
            min_yes=b["min_yes"],
            max_yes=b["max_yes"],
            impact=by_name[b["impact"]],
        )
        for b in data.get("corruption_bands") or []
    )


def uninstall(code: str, get_model=django_apps.get_model) -> None:
    get_model("risks", "Methodology").objects.filter(code=code).delete()


def ensure_installed():
    """The shipped methodology, installed if missing (after a test flushed the database)."""
    from risks.models import Methodology

    current = Methodology.objects.filter(is_current=True).first()
    return current or install(read_methodology())


def current():
    from risks.models import Methodology

    return Methodology.objects.filter(is_current=True).first()


def plain(methodology, *, probability=None, impact=None, questions=None) -> assessment.Methodology:
    """A stored methodology as the pure module's dataclass (six queries, three if its levels
    and questions are given already loaded)."""
    if probability is None:
        probability = list(methodology.probability_levels.order_by("position"))
    if impact is None:
        impact = list(methodology.impact_levels.order_by("position"))
    if questions is None:
        questions = list(methodology.corruption_questions.all())
    cells = methodology.cells.values_list("probability__position", "impact__position", "zone")
    scores = list(methodology.control_scores.all())
    bands = methodology.corruption_bands.values_list("min_yes", "max_yes", "impact__position")
    questions = [(q.number, q.forces_catastrophic) for q in questions]
    return assessment.Methodology(
        code=methodology.code,
        probability_levels=tuple(
            assessment.ProbabilityLevel(p.position, p.name, p.value, p.max_frequency)
            for p in probability
        ),
        impact_levels=tuple(
            assessment.ImpactLevel(
                i.position, i.name, i.value, i.max_smlmv, i.allowed_for_corruption
            )
            for i in impact
        ),
        heat_map={(p, i): z for p, i, z in cells},
        control_scores={(s.attribute, s.value): s.score for s in scores if s.score is not None},
        control_targets={s.value: s.reduces for s in scores if s.attribute == "type"},
        corruption_bands=tuple(assessment.CorruptionBand(*b) for b in bands),
        corruption_questions=len(questions),
        corruption_forcing_questions=frozenset(n for n, forces in questions if forces),
        corruption_impact_reducible=methodology.corruption_impact_reducible,
        acceptance_zones=frozenset(methodology.acceptance_zones),
    )
