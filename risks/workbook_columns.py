"""Column layout of the risk-map workbook: sheet names, headers and control groups."""

from __future__ import annotations

import re
import unicodedata

from risks.choices import (
    ControlDocumentation,
    ControlEvidence,
    ControlFrequency,
    ControlImplementation,
    ControlType,
)

RISK_SHEET = "Mapa de riesgos"
ACTION_SHEET = "Plan de acción"

# (key, header) of the risk sheet, before and after the control columns.
HEAD = [
    ("year", "Vigencia"),
    ("code", "Código"),
    ("kind", "Tipo de riesgo"),
    ("process", "Proceso"),
    ("project", "Proyecto de inversión"),
    ("unit", "Dependencia responsable"),
    ("name", "Riesgo"),
    ("impact_description", "Impacto (consecuencia)"),
    ("immediate_cause", "Causa inmediata"),
    ("root_cause", "Causa raíz"),
    ("frequency", "Frecuencia (veces al año)"),
    ("economic", "Afectación económica (SMLMV)"),
    ("reputational", "Pérdida reputacional"),
    ("answers", "Preguntas de corrupción con «sí»"),
    ("inherent_probability", "Probabilidad inherente"),
    ("inherent_impact", "Impacto inherente"),
    ("inherent_zone", "Zona inherente"),
]
CONTROL_FIELDS = [
    ("description", "descripción"),
    ("responsible", "responsable"),
    ("type", "tipo"),
    ("implementation", "implementación"),
    ("documentation", "documentación"),
    ("frequency", "frecuencia"),
    ("evidence", "evidencia"),
]
TAIL = [
    ("residual_probability_value", "Probabilidad residual (%)"),
    ("residual_probability", "Probabilidad residual"),
    ("residual_impact_value", "Impacto residual (%)"),
    ("residual_impact", "Impacto residual"),
    ("residual_zone", "Zona residual"),
    ("treatment", "Tratamiento"),
    ("treatment_justification", "Justificación del tratamiento"),
]
COMPUTED = {
    "inherent_probability",
    "inherent_impact",
    "inherent_zone",
    "residual_probability_value",
    "residual_probability",
    "residual_impact_value",
    "residual_impact",
    "residual_zone",
}
REQUIRED = {"year", "code", "kind", "unit", "name", "frequency"}
ACTION_COLUMNS = [
    ("risk_code", "Código del riesgo"),
    ("year", "Vigencia"),
    ("description", "Actividad"),
    ("responsible", "Responsable"),
    ("start_date", "Fecha de inicio"),
    ("end_date", "Fecha de terminación"),
    ("progress", "Avance (%)"),
    ("evidence", "Evidencia"),
]
CONTROL_CHOICES = {
    "type": ControlType,
    "implementation": ControlImplementation,
    "documentation": ControlDocumentation,
    "frequency": ControlFrequency,
    "evidence": ControlEvidence,
}
MIN_CONTROL_GROUPS = 3


def control_header(number: int, label: str) -> str:
    return f"Control {number}: {label}"


def normalise(text) -> str:
    """Header and choice matching ignores case, accents and repeated spaces."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().casefold()


# --- Export ----------------------------------------------------------------------------------
