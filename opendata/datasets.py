"""The two open datasets, their fields (the published data dictionary) and their records.

Pure: records are built from a published cutoff (``publication.snapshots.PublishedCutoff``), so the
downloads carry exactly the figures the public pages show. Field names are Spanish, in the
snake case that Colombian open data portals use.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.choices import Annualization, Direction, GoalKind, IndicatorStatus
from indicators.choices import Unit as MeasureUnit
from opendata import writers
from opendata.writers import CODE, DATE, INTEGER, MAGNITUDE, PERCENT, TEXT, Column
from plan.choices import ComplianceColour, choice_label
from public.structure import objective_columns
from publication.snapshots import PublishedCutoff

PLAN = "plan"
OBJECTIVES = "objetivos"
INDICATORS = "indicadores"
DATASETS = (PLAN, OBJECTIVES, INDICATORS)
EXCEL_CSV = writers.EXCEL_CSV  # the «para Excel» CSV: semicolon, decimal comma, dd/mm/aaaa
FORMATS = ("csv", EXCEL_CSV, "json", "xlsx")
TITLES = {
    PLAN: _("Cumplimiento del plan"),
    OBJECTIVES: _("Objetivos"),
    INDICATORS: _("Indicadores"),
}

TYPE_LABELS = {
    TEXT: _("Texto"),
    CODE: _(
        "Código (texto, aunque tenga solo cifras: léalo como texto, p. ej. "
        "pandas.read_csv(..., dtype=str) o keep_default_na=False; en JSON es una cadena y en "
        "Excel una celda de texto)"
    ),
    INTEGER: _("Número entero"),
    MAGNITUDE: _("Número decimal (punto decimal, sin separador de miles)"),
    PERCENT: _("Número con dos decimales: porcentaje (183.33 es 183,33 %)"),
    DATE: _("Fecha AAAA-MM-DD"),
}

_PLAN = [
    Column(
        "plan",
        _("Plan"),
        TEXT,
        _("Identificador del plan, el mismo de su dirección web (por ejemplo pes-2024-2027)."),
    ),
    Column("nombre_plan", _("Nombre del plan"), TEXT, _("Nombre del plan.")),
]
_PUBLICATION = [
    Column(
        "version",
        _("Versión"),
        INTEGER,
        _("Versión de la publicación del corte: 1 es la original; mayor si se corrigió."),
    ),
    Column(
        "fecha_publicacion",
        _("Fecha de publicación"),
        DATE,
        _("Fecha en que se publicó esta versión."),
    ),
]

_PLAN_AT_CUTOFF = [
    Column("tipo_plan", _("Tipo de plan"), TEXT, _("PEI, PES o PAI.")),
    Column("entidad", _("Entidad o sector"), TEXT, _("Entidad o sector dueño del plan.")),
    Column("fecha_corte", _("Fecha de corte"), DATE, _("Fecha de corte del seguimiento.")),
]

PLAN_COLUMNS = (
    *_PLAN,
    *_PLAN_AT_CUTOFF,
    Column(
        "cumplimiento_plan",
        _("Cumplimiento del plan (%)"),
        PERCENT,
        _(
            "Cumplimiento del plan al corte, la cifra que muestra la página de inicio: promedio "
            "ponderado de sus objetivos, en porcentaje con dos decimales. Vacío (null) si "
            "ningún objetivo tenía cifra."
        ),
    ),
    Column(
        "semaforo",
        _("Semáforo"),
        TEXT,
        _("Satisfactorio, En riesgo, Crítico o Sin dato, según los umbrales del plan."),
    ),
    Column(
        "objetivos_con_cifra",
        _("Objetivos con cifra"),
        INTEGER,
        _("Cuántos objetivos tenían indicadores programados al corte."),
    ),
    Column(
        "cumplimiento_plan_publicado_inicialmente",
        _("Cumplimiento publicado inicialmente (%)"),
        PERCENT,
        _("El cumplimiento del plan en la primera publicación del corte."),
    ),
    *_PUBLICATION,
    Column(
        "motivo_correccion",
        _("Motivo de la corrección"),
        TEXT,
        _("Motivo de la última corrección del corte, si la hubo."),
    ),
)

OBJECTIVE_COLUMNS = (
    *_PLAN,
    *_PLAN_AT_CUTOFF,
    Column("objetivo", _("Objetivo"), INTEGER, _("Número del objetivo en el plan.")),
    Column("nombre_objetivo", _("Nombre del objetivo"), TEXT, _("Título corto del objetivo.")),
    Column("enunciado_objetivo", _("Enunciado"), TEXT, _("Enunciado completo del objetivo.")),
    Column(
        "cumplimiento",
        _("Cumplimiento (%)"),
        PERCENT,
        _(
            "Cumplimiento del objetivo al corte: promedio ponderado del avance de sus "
            "indicadores, en porcentaje con dos decimales. Vacío (null) cuando ningún "
            "indicador estaba programado: no significa 0 %."
        ),
    ),
    Column(
        "semaforo",
        _("Semáforo"),
        TEXT,
        _("Satisfactorio, En riesgo, Crítico o Sin dato, según los umbrales del plan."),
    ),
    Column(
        "indicadores_en_calculo",
        _("Indicadores en el cálculo"),
        INTEGER,
        _("Cuántos indicadores entraron en el promedio ponderado."),
    ),
    Column(
        "cumplimiento_publicado_inicialmente",
        _("Cumplimiento publicado inicialmente (%)"),
        PERCENT,
        _("El cumplimiento en la primera publicación del corte; difiere solo si se corrigió."),
    ),
    *_PUBLICATION,
    Column(
        "motivo_correccion",
        _("Motivo de la corrección"),
        TEXT,
        _("Motivo de la última corrección del corte, si la hubo."),
    ),
)

INDICATOR_COLUMNS = (
    *_PLAN,
    Column("fecha_corte", _("Fecha de corte"), DATE, _("Fecha de corte del seguimiento.")),
    Column(
        "codigo_indicador",
        _("Código del indicador"),
        CODE,
        _("Código del indicador; vacío si el informe no le asigna uno."),
    ),
    Column("indicador", _("Indicador"), TEXT, _("Nombre del indicador.")),
    Column("tipo_meta", _("Tipo de meta"), TEXT, _("Meta sectorial, estratégica, de proyecto...")),
    Column("codigo_meta", _("Código de la meta"), CODE, _("Código de la meta que mide.")),
    Column("meta", _("Meta"), TEXT, _("Enunciado de la meta que mide el indicador.")),
    Column(
        "objetivos",
        _("Objetivos"),
        TEXT,
        _("Números de los objetivos a los que aporta en la vigencia, separados por «;»."),
    ),
    Column("unidad_medida", _("Unidad de medida"), TEXT, _("Porcentaje, número, días...")),
    Column("anualizacion", _("Anualización"), TEXT, _("Suma, Creciente, Constante o Decreciente.")),
    Column("sentido", _("Sentido"), TEXT, _("Mayor es mejor o Menor es mejor.")),
    Column("dependencia", _("Dependencia"), TEXT, _("Dependencia responsable, si se conoce.")),
    Column(
        "programado_vigencia",
        _("Programado en la vigencia"),
        MAGNITUDE,
        _("Magnitud programada para el año del corte."),
    ),
    Column(
        "programado_corte",
        _("Programado al corte"),
        MAGNITUDE,
        _("Magnitud programada hasta la fecha de corte."),
    ),
    Column(
        "ejecutado",
        _("Ejecutado al corte"),
        MAGNITUDE,
        _("Magnitud ejecutada hasta la fecha de corte; vacío si no se ha reportado."),
    ),
    Column(
        "avance_corte",
        _("Avance al corte (%)"),
        PERCENT,
        _("Ejecutado ÷ programado al corte, en porcentaje; vacío si no estaba programado."),
    ),
    Column(
        "avance_vigencia",
        _("Avance en la vigencia (%)"),
        PERCENT,
        _("Ejecutado ÷ programado en la vigencia, en porcentaje."),
    ),
    Column(
        "estado",
        _("Estado"),
        TEXT,
        _("Cumplida, Sobre-ejecución, Rezago, No programada al corte o Sin reporte."),
    ),
    Column(
        "analisis", _("Análisis"), TEXT, _("Explicación del avance escrita por la dependencia.")
    ),
    Column("evidencia", _("Evidencia"), TEXT, _("Enlace a la evidencia, si se publicó.")),
    *_PUBLICATION,
)

COLUMNS = {PLAN: PLAN_COLUMNS, OBJECTIVES: OBJECTIVE_COLUMNS, INDICATORS: INDICATOR_COLUMNS}


def _label(choices, value) -> str:
    return _translated_label(choices, value, get_language())


@lru_cache(maxsize=512)
def _translated_label(choices, value, language) -> str:
    """A choice's label in ``language`` (the active one), looked up once: a district download
    writes the same few labels hundreds of thousands of times."""
    return choice_label(choices, value)


def _publication(cutoff: PublishedCutoff) -> dict:
    return {
        "version": cutoff.version,
        "fecha_publicacion": timezone.localdate(cutoff.published_at),
    }


def _code_order(indicator):
    code = indicator.code
    return (code == "", int(code) if code.isdigit() else 0, code, indicator.id)


def _plan_columns(plan, cutoff: PublishedCutoff) -> dict:
    """The columns that name the plan and the cutoff, first in the plan and objective rows."""
    return {
        "plan": plan.slug,
        "nombre_plan": plan.name,
        "tipo_plan": plan.kind,
        "entidad": plan.organisation.name,
        "fecha_corte": cutoff.date,
    }


def _correction(cutoff: PublishedCutoff) -> dict:
    """The version columns and the reason of the last correction, last in those rows."""
    reason = cutoff.last_correction.reason if cutoff.last_correction else ""
    return {**_publication(cutoff), "motivo_correccion": reason}


def plan_records(plan, cutoff: PublishedCutoff) -> list[dict]:
    """One row: the plan's figure at the cutoff."""
    return [
        {
            **_plan_columns(plan, cutoff),
            "cumplimiento_plan": cutoff.plan_compliance,
            "semaforo": _label(ComplianceColour, cutoff.plan_colour),
            "objetivos_con_cifra": sum(1 for o in cutoff.objectives if o.compliance is not None),
            "cumplimiento_plan_publicado_inicialmente": cutoff.original_plan_compliance,
            **_correction(cutoff),
        }
    ]


def objective_records(plan, cutoff: PublishedCutoff) -> list[dict]:
    """One row per objective. ``plan`` has slug, name, kind and organisation."""
    return [
        {
            **_plan_columns(plan, cutoff),
            **objective_columns(o),
            "cumplimiento": o.compliance,
            "semaforo": _label(ComplianceColour, o.colour),
            "indicadores_en_calculo": len(o.included_terms),
            "cumplimiento_publicado_inicialmente": o.original_compliance,
            **_correction(cutoff),
        }
        for o in cutoff.objectives
    ]


def indicator_records(plan, cutoff: PublishedCutoff) -> list[dict]:
    """One row per indicator, in code order."""
    feeds: dict[int, list[int]] = {}
    for objective in cutoff.objectives:
        for term in objective.terms:
            feeds.setdefault(term.indicator_id, []).append(objective.number)
    indicators = sorted(cutoff.indicators.values(), key=_code_order)
    return [
        {
            "plan": plan.slug,
            "nombre_plan": plan.name,
            "fecha_corte": cutoff.date,
            "codigo_indicador": i.code,
            "indicador": i.name,
            "tipo_meta": _label(GoalKind, i.goal_kind),
            "codigo_meta": i.goal_code,
            "meta": i.goal_name,
            "objetivos": ";".join(str(n) for n in feeds.get(i.id, [])),
            "unidad_medida": _label(MeasureUnit, i.unit),
            "anualizacion": _label(Annualization, i.annualization),
            "sentido": _label(Direction, i.direction),
            "dependencia": i.responsible_unit,
            "programado_vigencia": i.programmed_year,
            "programado_corte": i.programmed_cutoff,
            "ejecutado": i.executed,
            "avance_corte": i.progress_at_cutoff,
            "avance_vigencia": i.progress_in_year,
            "estado": _label(IndicatorStatus, i.status),
            "analisis": i.analysis,
            "evidencia": i.evidence_url,
            **_publication(cutoff),
        }
        for i in indicators
    ]


BUILDERS = {PLAN: plan_records, OBJECTIVES: objective_records, INDICATORS: indicator_records}


# The structure of every plan (published or not): objectives, indicators with their yearly
# programming and investment projects with their budgets. Stable URLs
# /datos-abiertos/<plan>/estructura/<conjunto>.<formato>.
STRUCTURE_TITLES = {
    OBJECTIVES: _("Objetivos del plan"),
    INDICATORS: _("Metas e indicadores con su programación"),
    "proyectos": _("Proyectos de inversión y su presupuesto"),
}
STRUCTURE_COLUMNS = {
    OBJECTIVES: (
        *_PLAN,
        Column("objetivo", _("Objetivo"), INTEGER, _("Número del objetivo en el plan.")),
        Column("nombre_objetivo", _("Nombre del objetivo"), TEXT, _("Título corto del objetivo.")),
        Column("enunciado_objetivo", _("Enunciado"), TEXT, _("Enunciado completo del objetivo.")),
    ),
    INDICATORS: (
        *_PLAN,
        Column(
            "agrupacion",
            _("Agrupación"),
            TEXT,
            _("proyecto, proceso, plan_institucional u otra: dónde aparece la meta en el plan."),
        ),
        Column(
            "nombre_agrupacion",
            _("Nombre de la agrupación"),
            TEXT,
            _("El proyecto de inversión, el proceso o el plan institucional de la meta."),
        ),
        Column(
            "tipo_meta", _("Tipo de meta"), TEXT, _("Meta sectorial, estratégica, de proyecto...")
        ),
        Column("codigo_meta", _("Código de la meta"), CODE, _("Código de la meta.")),
        Column("meta", _("Meta"), TEXT, _("Enunciado de la meta o actividad.")),
        Column("codigo_indicador", _("Código del indicador"), CODE, _("Código del indicador.")),
        Column("indicador", _("Indicador"), TEXT, _("Nombre del indicador.")),
        Column(
            "objetivos",
            _("Objetivos"),
            TEXT,
            _("Números de los objetivos a los que aporta, separados por «;»."),
        ),
        Column("unidad_medida", _("Unidad de medida"), TEXT, _("Porcentaje, número, días...")),
        Column(
            "anualizacion", _("Anualización"), TEXT, _("Suma, Creciente, Constante o Decreciente.")
        ),
        Column("vigencia", _("Vigencia"), INTEGER, _("Año de la programación de esta fila.")),
        Column(
            "programado_vigencia",
            _("Programado en la vigencia"),
            MAGNITUDE,
            _("Magnitud programada para ese año."),
        ),
        Column(
            "programado_total",
            _("Programación total"),
            MAGNITUDE,
            _("Magnitud total declarada para todo el periodo (p. ej. 2020-2024), si se publicó."),
        ),
    ),
    "proyectos": (
        Column("plan", _("Plan"), TEXT, _("Identificador del plan.")),
        Column("codigo_proyecto", _("Código del proyecto"), CODE, _("Código del proyecto.")),
        Column("proyecto", _("Proyecto"), TEXT, _("Nombre del proyecto de inversión.")),
        Column("vigencia", _("Vigencia"), INTEGER, _("Año del presupuesto.")),
        Column(
            "presupuesto", _("Presupuesto (pesos)"), MAGNITUDE, _("Presupuesto del año, en pesos.")
        ),
        Column("metas", _("Metas"), INTEGER, _("Cuántas metas tiene el proyecto en el plan.")),
    ),
}
