"""Loads the published risk counts of ``fixtures/seed/risks/`` (see the comments in each file).

A report that publishes only how many risks a process has becomes that many placeholder risks,
named as such. Loading is idempotent (update_or_create on the risk code) and atomic per file.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from plan.models import InvestmentProject, Organisation, Process
from publication.seed import SeedError
from risks.choices import RiskKind
from risks.methodology import ensure_installed
from risks.models import Risk
from risks.published import pending_publication, publish_risk

RISK_SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed" / "risks"

KIND_WORDS = {RiskKind.CORRUPTION: "corrupción", RiskKind.MANAGEMENT: "gestión"}
KIND_CODES = {RiskKind.CORRUPTION: "C", RiskKind.MANAGEMENT: "G"}


def risk_seed_files() -> list[Path]:
    return sorted(RISK_SEED_DIR.glob("*.yaml"))


def load_risk_seeds() -> str:
    ensure_installed()
    loaded = [load_risk_seed(_read(path)) for path in risk_seed_files()]
    return f"riesgos: {sum(loaded)} riesgos de {len(loaded)} archivo(s)"


def _read(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader, in C


def placeholder_name(kind: str, number: int, owner_label: str, is_project: bool) -> str:
    where = "del proyecto de inversión" if is_project else "del proceso"
    return (
        f"Riesgo de {KIND_WORDS[kind]} {number} {where} {owner_label} "
        "(el informe solo publica el conteo)"
    )


@transaction.atomic
def load_risk_seed(data: dict) -> int:
    """Creates the placeholder risks of one file; returns how many risks it holds."""
    try:
        organisation = Organisation.objects.get(code=data["organisation"])
    except Organisation.DoesNotExist:
        raise SeedError(f"la organización {data['organisation']} no existe") from None
    year = int(data["year"])
    processes = {p.number: p for p in Process.objects.filter(organisation=organisation)}
    projects = {p.code: p for p in InvestmentProject.objects.filter(organisation=organisation)}
    total = 0
    for row in data["rows"]:
        where = f"fila «{row['published_name']}»"
        if "process" in row:
            if row["process"] not in processes:
                raise SeedError(f"{where}: el proceso {row['process']} no existe")
            owner = {"process": processes[row["process"]], "investment_project": None}
            prefix = f"P{row['process']:02d}"
        else:
            code = str(row["investment_project"])
            if code not in projects:
                raise SeedError(f"{where}: el proyecto de inversión {code} no existe")
            owner = {"process": None, "investment_project": projects[code]}
            prefix = f"PI{code}"
        for kind in (RiskKind.CORRUPTION, RiskKind.MANAGEMENT):
            for number in range(1, int(row[kind.value]) + 1):
                risk, _created = Risk.objects.update_or_create(
                    organisation=organisation,
                    year=year,
                    code=f"{prefix}-{KIND_CODES[kind]}{number}",
                    defaults={
                        "kind": kind,
                        "name": placeholder_name(
                            kind, number, row["published_name"], "investment_project" in row
                        ),
                        "placeholder": True,
                        "responsible_unit": None,
                        **owner,
                    },
                )
                if kind == RiskKind.CORRUPTION and pending_publication(risk):
                    publish_risk(risk, None)  # the seeds are the published report
                total += 1
    expected = data.get("published_totals", {}).get("total")
    if expected is not None and total != int(expected):
        raise SeedError(f"las filas suman {total} riesgos y el informe publica {expected}")
    return total
