"""Pure description of what a synthetic entity keeps besides its plan: its investment projects
with yearly budgets, its risk register (processes, risks with the inputs of their DAFP
assessment, controls, action plans and follow-ups at the three yearly cutoffs) and its
accountability strategy with its events, questions and commitments.

Nothing here touches the database: ``synthetic.writer_registers`` writes these rows and
computes each risk's assessment with the methodology stored there (``risks.assessment``), so
zones always agree with the inputs and controls. A register draws from its own random stream
(``{seed}-{number}-registers``): the plans' indicators are the same as without it.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

PROJECTS = 3  # investment projects per entity, each funding one objective's goal
RISKS_PER_YEAR = 6  # two corruption and four management risks
CORRUPTION_PER_YEAR = 2
RISK_REVIEWS = ((4, 30), (8, 31), (12, 31))  # DAFP v6's follow-up cutoffs
EVENTS = 3  # one public hearing and two citizen dialogues
QUESTIONS_PER_EVENT = 2
FREQUENCIES = (2, 12, 24, 200, 600, 3000)  # times a year the exposed activity runs
CORRUPTION_QUESTIONS = 19  # DAFP v6's questionnaire

UNITS = (
    ("OAP", "Oficina Asesora de Planeación"),
    ("SAF", "Subdirección Administrativa y Financiera"),
    ("OAJ", "Oficina Asesora Jurídica"),
)
PROCESSES = (
    "Direccionamiento Estratégico",
    "Gestión Financiera",
    "Gestión de Contratación",
    "Gestión del Talento Humano",
    "Atención a la Ciudadanía",
    "Gestión Documental",
)
PROJECT_POOL = (
    "Fortalecimiento de la capacidad institucional para una gestión pública eficiente",
    "Implementación de la estrategia de gobierno abierto y transparencia",
    "Modernización de la infraestructura tecnológica y los servicios digitales",
    "Mejoramiento de la atención a la ciudadanía en los territorios",
    "Adecuación y mantenimiento de las sedes de la entidad",
    "Fortalecimiento de la participación ciudadana y el control social",
    "Implementación del sistema de gestión documental y de archivo",
    "Desarrollo de capacidades del talento humano para el servicio público",
)
LOSSES = {
    "corruption": (
        "recibir o solicitar cualquier dádiva o beneficio a nombre propio o de terceros",
        "favorecer a un tercero en la adjudicación de un contrato",
        "manipular la información de los trámites para obtener un beneficio particular",
        "usar indebidamente los recursos públicos de la entidad",
    ),
    "management": (
        "afectación reputacional por incumplir los términos de respuesta a la ciudadanía",
        "afectación económica por sanciones de los entes de control",
        "pérdida de información institucional",
        "afectación reputacional por retrasos en la ejecución de las metas del plan",
        "afectación económica por la ejecución deficiente del presupuesto",
        "interrupción de los servicios tecnológicos",
    ),
}
CAUSES = (
    "la falta de controles en la revisión de los documentos",
    "debilidades en la planeación de la contratación",
    "la alta rotación del personal",
    "la concentración de funciones en una sola persona",
    "fallas en los sistemas de información",
    "el desconocimiento de los procedimientos",
)
CONTROL_POOL = (
    ("preventive", "manual", "El profesional verifica los soportes antes de aprobar el trámite"),
    ("preventive", "automatic", "El sistema valida los campos obligatorios antes de radicar"),
    ("detective", "manual", "El comité revisa mensualmente una muestra de los expedientes"),
    ("detective", "automatic", "El sistema genera alertas de vencimiento de términos"),
    ("corrective", "manual", "La oficina jurídica inicia las acciones de recuperación"),
)
CONTROL_COUNTS = (0, 1, 1, 2, 2, 3)  # how many controls a risk has, by its turn
EVENT_TITLES = (
    "Audiencia pública de rendición de cuentas",
    "Diálogo ciudadano sobre la gestión de la entidad",
    "Diálogo ciudadano en territorio",
)
QUESTION_POOL = (
    "¿Cuánto se ejecutó del presupuesto de inversión de la vigencia?",
    "¿Cómo pueden participar las organizaciones sociales en la planeación?",
    "¿Qué avances hubo en la virtualización de trámites?",
    "¿Cuándo se terminarán las obras de adecuación de las sedes?",
    "¿Qué resultados tuvo la atención a la ciudadanía en los territorios?",
)
COMMITMENT_POOL = (
    "Publicar el informe de ejecución presupuestal en lenguaje claro",
    "Realizar una mesa de trabajo con las organizaciones sociales",
    "Ampliar los horarios de atención en los puntos de servicio",
    "Entregar el cronograma de las obras a la comunidad",
)


@dataclass
class ProjectDesign:
    code: str
    name: str
    general_objective: str
    budgets: dict[int, Decimal]  # year -> pesos
    objective: int  # the objective whose goal the project funds


@dataclass
class RiskDesign:
    year: int
    code: str
    kind: str  # "corruption" or "management"
    name: str
    root_cause: str
    process: int | None  # number of the process it belongs to, or
    project: str | None  # code of the investment project
    unit: str  # code of the responsible unit
    treatment: str
    controls: list[tuple[str, str, str]]  # (type, implementation, description), in order
    frequency: int
    reputational: int | None  # impact level position (management risks)
    yes_answers: tuple[int, ...]  # corruption questionnaire numbers answered «sí»
    actions: list[tuple[str, datetime.date, datetime.date, Decimal]] = field(default_factory=list)
    # (activity, start, end, progress %)
    follow_ups: dict[datetime.date, tuple[str, str]] = field(default_factory=dict)
    # review cutoff -> (controls executed, status)


@dataclass
class EventDesign:
    slug: str
    kind: str
    title: str
    topic: str
    date: datetime.date
    modality: str
    objective: int
    questions: list[tuple[str, datetime.date, bool, datetime.date | None, bool]]
    # (text, asked on, answered during the event, answer due, answered in writing)
    commitment: tuple[str, datetime.date, str, Decimal]  # (text, due date, status, progress %)


@dataclass
class StrategyDesign:
    year: int
    title: str
    objective: str
    events: list[EventDesign]


@dataclass
class RegisterDesign:
    units: tuple[tuple[str, str], ...]
    processes: list[tuple[int, str]]
    projects: list[ProjectDesign]
    risks: list[RiskDesign]
    risk_cutoffs: list[tuple[datetime.date, str]]  # (date, status)
    strategy: StrategyDesign


def _projects(rng: random.Random, number: int, years: list[int]) -> list[ProjectDesign]:
    names = rng.sample(PROJECT_POOL, PROJECTS)
    return [
        ProjectDesign(
            code=str(7000 + (number * PROJECTS + k) % 3000),
            name=name,
            general_objective=f"{name} para cumplir las metas del plan estratégico.",
            budgets={y: Decimal(rng.randint(300, 30000)) * 1_000_000 for y in years},
            objective=k + 1,
        )
        for k, name in enumerate(names)
    ]


def review_dates(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, day) for month, day in RISK_REVIEWS]


def _risk(rng, year, k, processes, projects, last) -> RiskDesign:
    """The k-th risk of ``year``: the first CORRUPTION_PER_YEAR are corruption risks; one in
    three belongs to an investment project, the rest to a process."""
    kind = "corruption" if k < CORRUPTION_PER_YEAR else "management"
    on_project = k % 3 == 2
    project = projects[k % len(projects)].code if on_project else None
    process = None if on_project else processes[k % len(processes)][0]
    prefix = f"PI{project}" if on_project else f"P{process:02d}"
    count = CONTROL_COUNTS[(k + year) % len(CONTROL_COUNTS)]
    controls = [CONTROL_POOL[i] for i in sorted(rng.sample(range(len(CONTROL_POOL)), count))]
    treatment = ("reduce", "avoid")[k % 2] if kind == "corruption" else ("reduce", "share")[k % 2]
    risk = RiskDesign(
        year=year,
        code=f"{prefix}-{'C' if kind == 'corruption' else 'G'}{k + 1}",
        kind=kind,
        name=f"Posibilidad de {rng.choice(LOSSES[kind])} debido a {rng.choice(CAUSES)}",
        root_cause=rng.choice(CAUSES).capitalize(),
        process=process,
        project=project,
        unit=UNITS[k % len(UNITS)][0],
        treatment=treatment,
        controls=controls,
        frequency=rng.choice(FREQUENCIES),
        reputational=rng.randint(1, 5) if kind == "management" else None,
        yes_answers=tuple(
            sorted(rng.sample(range(1, CORRUPTION_QUESTIONS + 1), rng.randint(3, 14)))
        )
        if kind == "corruption"
        else (),
    )
    if treatment == "reduce":  # a plan of action: the newest year's runs into the next one
        end = datetime.date(year + 1, 6, 30) if year == last else datetime.date(year, 11, 30)
        progress = Decimal(rng.choice((20, 45, 60, 80, 100)))
        risk.actions.append(
            ("Fortalecer los controles del proceso", datetime.date(year, 2, 1), end, progress)
        )
    return risk


def _follow_ups(risk: RiskDesign, k: int, last: int) -> None:
    """Reported at every cutoff of its year, approved; at the newest cutoff one risk in four
    has not reported yet and one in five awaits review."""
    dates = review_dates(risk.year)
    for date in dates:
        if risk.year == last and date == dates[-1]:
            if k % 4 == 3:
                continue
            status = "submitted" if k % 5 == 0 else "approved"
        else:
            status = "approved"
        executed = ("yes", "yes", "partial")[(k + date.month) % 3] if risk.controls else "no"
        risk.follow_ups[date] = (executed, status)


def _events(rng, slug, year, objectives: int) -> list[EventDesign]:
    events = []
    for k in range(EVENTS):
        date = datetime.date(year, 3 + 4 * k, 10 + k)
        questions = [
            (
                rng.choice(QUESTION_POOL),
                date - datetime.timedelta(days=7),
                q == 0 and k != 1,
                None if q == 0 and k != 1 else date + datetime.timedelta(days=15),
                k == 0,  # the hearing's written answers were sent; the dialogues' are due
            )
            for q in range(QUESTIONS_PER_EVENT)
        ]
        status = ("fulfilled", "in_progress", "pending")[k]
        progress = Decimal((100, 50, 0)[k])
        events.append(
            EventDesign(
                slug=f"{slug}-{year}-{k + 1}",
                kind="hearing" if k == 0 else "dialogue",
                title=f"{EVENT_TITLES[k]} {year}",
                topic="Resultados del plan estratégico y de la ejecución presupuestal",
                date=date,
                modality=("mixed", "in_person", "virtual")[k],
                objective=rng.randint(1, objectives),
                questions=questions,
                commitment=(
                    rng.choice(COMMITMENT_POOL),
                    date + datetime.timedelta(days=90),
                    status,
                    progress,
                ),
            )
        )
    return events


def design_register(
    number: int, slug: str, organisation: str, years: list[int], objectives: int, seed: int = 2026
) -> RegisterDesign:
    """What entity ``number`` keeps besides its plan, for the plan's ``years``."""
    rng = random.Random(f"{seed}-{number}-registers")  # noqa: S311 - reproducible  # nosec B311
    processes = list(enumerate(rng.sample(PROCESSES, 4), 1))
    projects = _projects(rng, number, years)
    last = years[-1]
    risks = []
    for year in years:
        for k in range(RISKS_PER_YEAR):
            risk = _risk(rng, year, k, processes, projects, last)
            _follow_ups(risk, k, last)
            risks.append(risk)
    cutoffs = [
        (date, "open" if date == review_dates(last)[-1] else "closed")
        for year in years
        for date in review_dates(year)
    ]
    strategy = StrategyDesign(
        year=last,
        title=f"Estrategia de rendición de cuentas {last}",
        objective=(
            f"Informar y dialogar con la ciudadanía sobre la gestión de {organisation} y los "
            "resultados de su plan estratégico."
        ),
        events=_events(rng, slug, last, objectives),
    )
    return RegisterDesign(UNITS, processes, projects, risks, cutoffs, strategy)
