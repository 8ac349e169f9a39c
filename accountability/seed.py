"""Loads the accountability reports of ``fixtures/accountability/`` (format in
fixtures/README.md). Runs after plan.seed (it needs the organisation, units, objectives and
projects). Idempotent (update_or_create on natural keys) and atomic per file."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accountability.models import (
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    Challenge,
    CitizenTopic,
    DemographicRow,
    Document,
    Event,
    ImprovementArea,
    SelfAssessment,
    Stage,
    Strategy,
    TeamRole,
)
from plan.models import InvestmentProject, Objective, Organisation, Unit
from publication.seed import SeedError, decimal, read_seed

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "accountability"


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.yaml"))


def load_all() -> list[Strategy]:
    return [load_strategy(read_seed(path)) for path in seed_files()]


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _lines(value) -> str:
    if isinstance(value, list):
        return "\n".join(value)
    return value or ""


def _count(value, where: str) -> int | None:
    if value is None:
        return None
    number = decimal(value, where)
    if number != number.to_integral_value() or number < 0:
        raise SeedError(f"{where}: «{value}» no es un número entero de personas")
    return int(number)


@transaction.atomic
def load_strategy(data: dict) -> Strategy:
    try:
        organisation = Organisation.objects.get(code=data["organisation"])
    except Organisation.DoesNotExist:
        raise SeedError(
            f"la organización «{data['organisation']}» no existe: cargue primero fixtures/seed/"
        ) from None
    unit = _unit_finder(organisation, data)
    strategy = _strategy_row(organisation, data, unit)
    stages = _stages_and_team(strategy, data, unit)
    if sa := data.get("self_assessment"):
        _self_assessment(strategy, sa)
    follow_up_date = _date(data["follow_up_date"]) if data.get("follow_up_date") else None
    for a in data.get("activities") or []:
        _load_activity(strategy, a, stages, unit, follow_up_date)
    events = {e["slug"]: _load_event(strategy, e, unit) for e in data.get("events") or []}
    for order, record in enumerate(data.get("attendance") or [], start=1):
        _load_attendance(strategy, order, record, events)
    for topic_list in data.get("topic_lists") or []:
        _load_topics(strategy, topic_list, events)
    return strategy


def _unit_finder(organisation, data: dict):
    """The units of «units» (created if missing), found by code with a message naming where."""
    units = {
        u["code"]: Unit.objects.get_or_create(
            organisation=organisation, code=u["code"], defaults={"name": u["name"]}
        )[0]
        for u in data.get("units") or []
    }

    def unit(code, where):
        if code is None:
            return None
        if code not in units:
            raise SeedError(f"{where}: la dependencia «{code}» no está en «units»")
        return units[code]

    return unit


def _strategy_row(organisation, data: dict, unit) -> Strategy:
    s = data["strategy"]
    strategy, _ = Strategy.objects.update_or_create(
        organisation=organisation,
        year=s["year"],
        defaults={
            "title": s["title"],
            "objective": s["objective"],
            "report_title": s.get("report_title") or "",
            "report_objective": s.get("report_objective") or "",
            "lead_unit": unit(s.get("lead_unit"), "estrategia"),
            "dialogue_design": s.get("dialogue_design") or "",
            "source": data.get("source") or "",
            "notes": s.get("notes") or "",
        },
    )
    return strategy


def _stages_and_team(strategy, data: dict, unit) -> dict:
    """Stages (returned by number), challenges and team roles."""
    stages = {}
    for st in data.get("stages") or []:
        stages[st["number"]], _ = Stage.objects.update_or_create(
            strategy=strategy,
            number=st["number"],
            defaults={
                "kind": st["kind"],
                "name": st["name"],
                "actions": _lines(st.get("actions")),
                "narrative": st.get("narrative") or "",
            },
        )
    for number, text in enumerate(data.get("challenges") or [], start=1):
        Challenge.objects.update_or_create(
            strategy=strategy, number=number, defaults={"text": text}
        )
    for order, role in enumerate(data.get("team_roles") or [], start=1):
        TeamRole.objects.update_or_create(
            strategy=strategy,
            order=order,
            defaults={
                "holder": role["holder"],
                "unit": unit(role.get("unit"), f"rol {role['holder']}"),
                "duties": _lines(role["duties"]),
                "notes": role.get("notes") or "",
            },
        )
    return stages


def _self_assessment(strategy, sa: dict) -> None:
    assessment, _ = SelfAssessment.objects.update_or_create(
        strategy=strategy,
        defaults={
            "framework": sa.get("framework") or "",
            "score": decimal(sa["score"], "autodiagnóstico"),
            "scale": decimal(sa.get("scale", "100"), "autodiagnóstico"),
            "notes": sa.get("notes") or "",
        },
    )
    for order, text in enumerate(sa.get("improvement_areas") or [], start=1):
        ImprovementArea.objects.update_or_create(
            assessment=assessment, order=order, defaults={"text": text}
        )


def _load_activity(strategy, a: dict, stages, unit, follow_up_date) -> Activity:
    where = f"actividad {a['number']}"
    quarters = a.get("quarters")
    activity, _ = Activity.objects.update_or_create(
        strategy=strategy,
        number=a["number"],
        defaults={
            "stage": stages.get(a.get("stage")),
            "name": a["name"],
            "goal": a["goal"],
            "evidence": a["evidence"],
            "responsible_text": a["responsible"],
            "quarters_known": quarters is not None,
            **{f"q{q}": q in (quarters or []) for q in range(1, 5)},
            "notes": a.get("notes") or "",
        },
    )
    activity.responsible_units.set([unit(code, where) for code in a.get("units") or []])
    if f := a.get("follow_up"):
        if follow_up_date is None:
            raise SeedError(f"{where}: falta «follow_up_date» para el seguimiento")
        progress = f.get("progress")
        ActivityFollowUp.objects.update_or_create(
            activity=activity,
            date=_date(f["date"]) if f.get("date") else follow_up_date,
            defaults={
                "status": f["status"],
                "progress": decimal(progress, where) if progress is not None else None,
                "quarters_done": str(f.get("quarters_done") or ""),
                "narrative": f["narrative"],
                "evidence": f.get("evidence") or "",
                "notes": f.get("notes") or "",
            },
        )
    return activity


def _load_event(strategy, e: dict, unit) -> Event:
    where = f"espacio {e['slug']}"
    time = e.get("time")
    if isinstance(time, str):
        time = datetime.time.fromisoformat(time)
    event, _ = Event.objects.update_or_create(
        slug=e["slug"],
        defaults={
            "strategy": strategy,
            "kind": e["kind"],
            "title": e["title"],
            "topic": e["topic"],
            "date": _date(e["date"]),
            "time": time,
            "modality": e["modality"],
            "venue": e.get("venue") or "",
            "channels": e.get("channels") or "",
            "summary": e.get("summary") or "",
            "links_note": e.get("links_note") or "",
            "notes": e.get("notes") or "",
        },
    )
    event.responsible_units.set([unit(code, where) for code in e.get("units") or []])
    objectives = []
    for ref in e.get("objectives") or []:
        try:
            objectives.append(Objective.objects.get(plan__slug=ref["plan"], number=ref["number"]))
        except Objective.DoesNotExist:
            raise SeedError(f"{where}: el objetivo {ref} no existe") from None
    event.objectives.set(objectives)
    codes = [str(c) for c in e.get("investment_projects") or []]
    projects = list(
        InvestmentProject.objects.filter(organisation=strategy.organisation, code__in=codes)
    )
    if len(projects) != len(codes):
        raise SeedError(f"{where}: algún proyecto de {codes} no existe")
    event.investment_projects.set(projects)
    for d in e.get("documents") or []:
        Document.objects.update_or_create(
            event=event,
            title=d["title"],
            defaults={
                "kind": d["kind"],
                "url": d.get("url") or "",
                "published_on": _date(d["published_on"]) if d.get("published_on") else None,
                "notes": d.get("notes") or "",
            },
        )
    return event


def _load_attendance(strategy, order: int, r: dict, events) -> AttendanceRecord:
    where = f"asistencia {r['label']}"
    notes = "\n".join(n for n in (r.get("notes"), r.get("demographics_notes")) if n)
    record, _ = AttendanceRecord.objects.update_or_create(
        strategy=strategy,
        order=order,
        defaults={
            "label": r["label"],
            "attendance_forms": _count(r.get("attendance_forms"), where),
            "attendances": _count(r.get("attendances"), where),
            "live_views": _count(r.get("live_views"), where),
            "live_views_channel": r.get("live_views_channel") or "",
            "demographics_basis": r.get("demographics_basis") or "",
            "notes": notes,
        },
    )
    try:
        record.events.set([events[slug] for slug in r.get("events") or []])
    except KeyError as error:
        raise SeedError(f"{where}: el espacio {error} no existe") from None
    for order, row in enumerate(r.get("demographics") or [], start=1):
        dimension = row["dimension"]
        share = row.get("share")
        DemographicRow.objects.update_or_create(
            record=record,
            dimension=dimension,
            category=row["category"],
            defaults={
                "order": order,
                "count": _count(row.get("count"), where),
                "published_share": decimal(share, where) if share is not None else None,
            },
        )
    return record


def _load_topics(strategy, t: dict, events) -> None:
    included_in = t.get("included_in")
    if included_in and included_in not in events:
        raise SeedError(f"temas {t['year']}: el espacio «{included_in}» no existe")
    for order, text in enumerate(t["topics"], start=1):
        CitizenTopic.objects.update_or_create(
            strategy=strategy,
            year=t["year"],
            order=order,
            defaults={
                "list_title": t["title"],
                "channel": t["channel"],
                "text": text,
                "included": t.get("included"),
                "included_in": events.get(included_in),
                "outcome": t.get("outcome") or "",
            },
        )


def published_figures(data: dict) -> dict:
    """What the report printed (``published:`` of a seed file), for the tests."""
    return data.get("published") or {}
