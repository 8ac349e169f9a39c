"""Seed 001's risk table ("Riesgos de Gestión y Corrupción", 2024) is held by the register."""

import pytest
from django.db import IntegrityError, transaction

from plan.models import Process
from publication.seed import load_everything
from risks.loading import load_owner_table
from risks.models import Risk

# Typed from shared/seeds/001_dc8d24cc869b94dc.txt: (name as published, corruption, management,
# total), and the process number or project code each row is.
PUBLISHED = [
    ("Gestión del Conocimiento", 0, 1, 1, 3),
    ("Direccionamiento Estratégico", 0, 2, 2, 1),
    ("Evaluación del Sistema de Control Interno", 1, 1, 2, 16),
    ("Fortalecimiento Institucional", 0, 2, 2, 4),
    ("Gestión de Alianzas e Internacionalización de Bogotá", 0, 2, 2, 5),
    ("Desarrollo institucional para una gestión pública eficiente", 0, 3, 3, "7868"),
    ("Control Disciplinario", 1, 2, 3, 15),
    ("Paz, Víctimas y Reconciliación", 1, 2, 3, 6),
    ("Gestión Jurídica", 1, 3, 4, 11),
    ("Gestión de Recursos Físicos", 2, 3, 5, 14),
    ("Gestión Financiera", 2, 4, 6, 12),
    ("Gestión Estratégica de Comunicación e Información", 0, 6, 6, 2),
    ("Gestión de Contratación", 2, 5, 7, 9),
    ("Gestión de Servicios Administrativos y Tecnológicos", 2, 5, 7, 13),
    ("Fortalecimiento de la Gestión Pública", 2, 7, 9, 8),
    ("Gestión del Talento Humano", 3, 6, 9, 10),
    ("Gobierno Abierto y Relacionamento con la Ciudadanía", 3, 14, 17, 7),
]


def register_2024():
    """The table as the heat maps page counts it (risks.loading, one grouped query)."""
    return load_owner_table(Risk.objects.filter(organisation__code="SG", year=2024))


def test_the_table_by_process_reproduces_seed_001_row_by_row(seeded):
    table = register_2024()
    by_key = {row.key: row for row in table.rows}
    processes = dict(Process.objects.filter(organisation__code="SG").values_list("number", "id"))
    assert len(table.rows) == len(PUBLISHED) == 17
    for name, corruption, management, total, owner in PUBLISHED:
        if isinstance(owner, str):
            project_id = Risk.objects.filter(investment_project__code=owner).values_list(
                "investment_project_id", flat=True
            )[0]
            row = by_key[f"project-{project_id}"]
        else:
            row = by_key[f"process-{processes[owner]}"]
        assert (row.corruption, row.management, row.total) == (corruption, management, total), name


def test_the_totals_are_20_corruption_68_management_88(seeded):
    table = register_2024()
    assert (table.corruption, table.management, table.total) == (20, 68, 88)


def test_placeholders_say_they_only_come_from_a_count(seeded):
    risk = Risk.objects.get(organisation__code="SG", year=2024, code="P11-C1")
    assert risk.name == (
        "Riesgo de corrupción 1 del proceso Gestión Jurídica (el informe solo publica el conteo)"
    )
    assert risk.placeholder and risk.responsible_unit is None
    assert not hasattr(risk, "assessment") or risk.assessment is None
    project_risk = Risk.objects.get(code="PI7868-G3")
    assert project_risk.process is None and project_risk.investment_project.code == "7868"
    assert "del proyecto de inversión" in project_risk.name


def test_loading_twice_changes_nothing(seeded):
    before = set(Risk.objects.values_list("code", "name", "kind", "process_id"))
    load_everything()
    assert set(Risk.objects.values_list("code", "name", "kind", "process_id")) == before


@pytest.mark.parametrize("owner", ["both", "none"])
def test_a_risk_belongs_to_exactly_one_process_or_project(seeded, owner):
    risk = Risk.objects.get(code="PI7868-G1")
    process = Process.objects.first()
    if owner == "both":
        risk.process = process
    else:
        risk.investment_project = None
    with pytest.raises(IntegrityError), transaction.atomic():
        risk.save()
