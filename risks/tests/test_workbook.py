"""The risk-map workbook: export, preview, atomic import, and a bad workbook rejected whole."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from risks import workbook as wb
from risks import workbook_columns as cols
from risks import workbook_export
from risks.methodology import ensure_installed
from risks.models import Assessment, Risk
from risks.services import methodology_context

HEADERS = (
    [h for _k, h in cols.HEAD]
    + [cols.control_header(n, label) for n in (1, 2) for _k, label in cols.CONTROL_FIELDS]
    + [h for _k, h in cols.TAIL]
)


def row(**values):
    """A risk row: keys of cols.HEAD / cols.TAIL, and c1_type, c2_description ... for controls."""
    keys = [k for k, _h in cols.HEAD]
    keys += [f"c{n}_{k}" for n in (1, 2) for k, _label in cols.CONTROL_FIELDS]
    keys += [k for k, _h in cols.TAIL]
    return [values.get(k, "") for k in keys]


def book(rows, actions=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = cols.RISK_SHEET
    sheet.append(HEADERS)
    for r in rows:
        sheet.append(r)
    if actions is not None:
        action_sheet = workbook.create_sheet(cols.ACTION_SHEET)
        action_sheet.append([h for _k, h in cols.ACTION_COLUMNS])
        for a in actions:
            action_sheet.append(a)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def worked_example(code="G-01", unit="RU1a", process="Proceso uno 1"):
    return row(
        year=2026,
        code=code,
        kind="Gestión",
        process=process,
        unit=unit,
        name="Posibilidad de pagar dos veces una factura",
        frequency=100,
        reputational="Mayor",
        c1_description="Revisión previa del pago",
        c1_type="Preventivo",
        c1_implementation="Manual",
        c2_description="Conciliación mensual",
        c2_type="Detectivo",
        c2_implementation="manual",
        treatment="Reducir",
    )


def corruption_row(code="C-01", answers="1, 2, 3, 4, 5, 6", **extra):
    values = {
        "year": 2026,
        "code": code,
        "kind": "Corrupción",
        "project": "9001",
        "unit": "Dependencia B 1",
        "name": "Posibilidad de favorecer a un tercero en un contrato",
        "frequency": 30,
        "answers": answers,
        "c1_description": "Comité de contratación",
        "c1_type": "preventivo",
        "c1_implementation": "automático",
        "treatment": "Evitar",
    }
    values.update(extra)
    return row(**values)


@pytest.fixture
def org(db):
    """An organisation whose names match the rows above (make_register's first one)."""
    from risks.tests.factories import make_register

    organisation, units, _risks = make_register(0)
    n = organisation.code.removeprefix("risk-org-")
    return organisation, n


def parse(content, organisation):
    methodology = ensure_installed()
    ctx = methodology_context(methodology)
    return wb.parse_workbook(content, ctx.plain, wb.lookups_for(organisation, methodology)), ctx


def rows_for(n):
    return [
        worked_example(unit=f"RU{n}a", process=f"Proceso uno {n}"),
        corruption_row(unit=f"Dependencia B {n}", project=f"9{int(n):03d}"),
    ]


ACTION = ["G-01", 2026, "Doble revisión", "Tesorería", "01/02/2026", "30/11/2026", 20, ""]


def test_a_good_workbook_parses_with_the_residual_zones_computed(org):
    organisation, n = org
    result, _ctx = parse(book(rows_for(n), actions=[ACTION]), organisation)
    assert result.errors == [] and result.ok
    management, corruption = result.risks
    assert management.evaluation.residual.probability_value == D("25.2")
    assert management.evaluation.residual.zone == "high"
    assert [c.attributes["type"] for c in management.controls] == ["preventive", "detective"]
    assert corruption.evaluation.inherent.impact.name == "Mayor"  # 6 «sí»
    assert [a.description for a in management.actions] == ["Doble revisión"]


def test_reducing_without_an_activity_in_the_action_sheet_is_an_error(org):
    organisation, n = org
    result, _ctx = parse(book(rows_for(n), actions=[]), organisation)
    assert [(e.row, e.message) for e in result.errors] == [
        (2, "Reducir el riesgo exige un plan de acción con al menos una actividad.")
    ]


def test_preview_then_confirm_imports_atomically(org, client):
    from risks.tests.factories import planning_user

    organisation, n = org
    client.force_login(planning_user())
    content = book(rows_for(n), actions=[ACTION])
    upload = io.BytesIO(content)
    upload.name = "mapa.xlsx"
    response = client.post(
        "/riesgos/registro/importar/", {"organisation": organisation.pk, "workbook": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "se importarán 2 riesgos" in page and "Confirmar la importación" in page
    assert not Risk.objects.filter(organisation=organisation).exists()  # nothing saved yet
    digest = response.context["digest"]
    response = client.post("/riesgos/registro/importar/", {"accion": "confirmar", "digest": digest})
    assert response.status_code == 302
    stored = Assessment.objects.get(risk__organisation=organisation, risk__code="G-01")
    assert stored.residual_probability_value == D("25.2") and stored.residual_zone == "high"
    assert stored.risk.actions.get().progress == D(20)
    assert stored.risk.controls.count() == 2
    corruption = Risk.objects.get(organisation=organisation, code="C-01")
    assert corruption.investment_project.code == f"9{int(n):03d}"
    assert corruption.assessment.corruption_yes_answers == [1, 2, 3, 4, 5, 6]


def test_a_bad_workbook_is_rejected_whole_with_row_level_messages(org, client):
    from risks.tests.factories import planning_user

    organisation, n = org
    client.force_login(planning_user())
    content = book(
        [
            worked_example(unit=f"RU{n}a", process=f"Proceso uno {n}"),  # fine
            worked_example(code="G-02", unit="RU-no-existe", process="Proceso fantasma"),
            corruption_row(unit=f"Dependencia B {n}", project=f"9{int(n):03d}", answers=""),
            corruption_row(
                code="C-02",
                unit=f"Dependencia B {n}",
                project=f"9{int(n):03d}",
                treatment="Aceptar",
                c1_type="Telepático",
            ),
            worked_example(code="G-01", unit=f"RU{n}a", process=f"Proceso uno {n}"),
        ],
        actions=[
            ["G-01", 2026, "Doble revisión", "Tesorería", "31/02/2026", "30/11/2026", 120, ""]
        ],
    )
    upload = io.BytesIO(content)
    upload.name = "mapa.xlsx"
    response = client.post(
        "/riesgos/registro/importar/", {"organisation": organisation.pk, "workbook": upload}
    )
    errors = response.context["errors"]
    assert errors == [
        # G-01's only activity is wrong, so «Reducir» has no plan either.
        "Hoja «Mapa de riesgos», fila 2: Reducir el riesgo exige un plan de acción con al menos "
        "una actividad.",
        "Hoja «Mapa de riesgos», fila 3: El proceso «Proceso fantasma» no existe.",
        "Hoja «Mapa de riesgos», fila 3: La dependencia «RU-no-existe» no existe.",
        "Hoja «Mapa de riesgos», fila 4: Un riesgo de corrupción necesita al menos una "
        "respuesta afirmativa en el cuestionario de impacto.",
        "Hoja «Mapa de riesgos», fila 5: El control 1 tiene tipo «Telepático», que no es una "
        "opción válida.",
        "Hoja «Mapa de riesgos», fila 6: El código G-01 de 2026 ya está en la fila 2.",
        "Hoja «Plan de acción», fila 2: La fecha «31/02/2026» no es una fecha dd/mm/aaaa.",
        "Hoja «Plan de acción», fila 2: El avance «120» debe ser un porcentaje entre 0 y 100.",
    ]
    page = response.content.decode()
    assert "No se guardó ningún riesgo." in page
    assert not Risk.objects.filter(organisation=organisation).exists()
    assert "risks_import" not in client.session


def test_acceptance_of_a_corruption_risk_is_refused_in_the_workbook(org):
    organisation, n = org
    content = book(
        [corruption_row(unit=f"Dependencia B {n}", project=f"9{int(n):03d}", treatment="Aceptar")]
    )
    result, _ctx = parse(content, organisation)
    assert [e.message for e in result.errors] == [
        "Un riesgo de corrupción no puede aceptarse: debe reducirse o evitarse."
    ]


def test_a_file_that_is_not_a_workbook_or_lacks_columns_is_refused(org):
    organisation, _n = org
    result, _ctx = parse(b"esto no es un libro", organisation)
    assert [e.message for e in result.errors] == ["El archivo no es un libro de Excel válido."]
    workbook = Workbook()
    workbook.active.title = cols.RISK_SHEET
    workbook.active.append(["Vigencia", "Código", "Riesgo"])
    output = io.BytesIO()
    workbook.save(output)
    result, _ctx = parse(output.getvalue(), organisation)
    assert result.errors[0].message == (
        "Faltan las columnas: Tipo de riesgo, Dependencia responsable, Frecuencia (veces al año), "
        "Proceso o Proyecto de inversión."
    )


def test_an_error_while_writing_leaves_nothing_half_saved(org, monkeypatch):
    organisation, n = org
    result, ctx = parse(book(rows_for(n), actions=[ACTION]), organisation)
    assert result.ok
    from risks import services

    calls = []
    original = services.store_assessment

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disco lleno")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "store_assessment", failing)
    with pytest.raises(RuntimeError):
        wb.apply_import(result, organisation, ctx)
    assert len(calls) == 2
    assert not Risk.objects.filter(organisation=organisation).exists()


def test_the_export_reimports_unchanged(register):
    organisation, _units, risks = register
    methodology = ensure_installed()
    exported = workbook_export.export_workbook(
        Risk.objects.filter(organisation=organisation)
        .for_register()
        .prefetch_related("controls", "actions")
    )
    sheet = load_workbook(io.BytesIO(exported))[cols.RISK_SHEET]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Vigencia", "Código", "Tipo de riesgo"]
    assert "Control 3: descripción" in header and "Zona residual" in header
    ctx = methodology_context(methodology)
    result = wb.parse_workbook(exported, ctx.plain, wb.lookups_for(organisation, methodology))
    assert result.errors == []
    stored = {
        a.risk.code: (a.inherent_zone, a.residual_zone, a.residual_probability_value)
        for a in Assessment.objects.filter(risk__organisation=organisation).select_related("risk")
    }
    parsed = {
        r.code: (
            r.evaluation.inherent.zone,
            r.evaluation.residual.zone,
            r.evaluation.residual.probability_value,
        )
        for r in result.risks
    }
    assert parsed == stored
    assert all(r.existing_id for r in result.risks)


def test_a_workbook_with_macros_or_external_links_is_refused(org):
    from reporting.tests.test_active_content import as_xlsm, with_external_link, with_vba

    organisation, n = org
    good = book(rows_for(n), actions=[ACTION])
    assert parse(good, organisation)[0].ok
    for make, message in [
        (with_vba, "El libro contiene macros; por seguridad no se aceptan."),
        (as_xlsm, "El libro contiene macros; por seguridad no se aceptan."),
        (with_external_link, "El libro tiene vínculos a otros libros"),
    ]:
        result, _ctx = parse(make(good), organisation)
        assert not result.ok
        assert [message in e.message for e in result.errors] == [True]


def test_a_zip_bomb_is_refused_before_it_is_opened(org):
    from reporting.tests.test_active_content import rewrite

    organisation, n = org
    bomb = rewrite(book(rows_for(n)), {"xl/media/zeros.bin": b"\0" * (61 * 1024 * 1024)})
    assert len(bomb) < 2 * 1024 * 1024
    result, _ctx = parse(bomb, organisation)
    assert [e.message for e in result.errors] == ["El libro es demasiado grande al descomprimirlo."]
