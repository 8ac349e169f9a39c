"""Values beyond their column are refused by the risk forms with a message, on every database,
and nothing is stored (issue 11, item 2): a year of 99999, an exposure frequency above 2^63."""

from reporting.tests.test_structure_validation import crawl
from risks.models import Assessment, Risk
from risks.tests.test_views import assessment_post, management_risk


def test_a_risk_year_beyond_its_column_is_refused(register, client_as):
    organisation, units, _risks = register
    data = {
        "year": "99999",
        "code": "NUEVO-99999",
        "kind": "management",
        "name": "Posibilidad de perder expedientes",
        "process": str(organisation.processes.first().pk),
        "investment_project": "",
        "responsible_unit": str(units[0].pk),
        "treatment": "",
    }
    client = client_as("planning")
    response = client.post("/riesgos/registro/nuevo/", data)
    assert response.status_code == 200
    assert "Asegúrese de que este valor sea menor o igual a 32767." in response.content.decode()
    assert not Risk.objects.filter(code="NUEVO-99999").exists()
    crawl(client, [])
    assert client.get("/riesgos/registro/").status_code == 200


def test_an_exposure_frequency_beyond_its_column_is_refused(register, client_as):
    risk = management_risk(register)
    before = Assessment.objects.get(risk=risk).exposure_frequency
    client = client_as("planning")
    for frequency in (2**64, 2**31):
        data = assessment_post(risk, exposure_frequency=str(frequency))
        response = client.post(f"/riesgos/{risk.pk}/valoracion/", data)
        assert response.status_code == 200
        assert "Asegúrese de que este valor sea menor o igual a 2147483647." in (
            response.content.decode()
        )
    assert Assessment.objects.get(risk=risk).exposure_frequency == before
    assert client.get(f"/riesgos/{risk.pk}/").status_code == 200
    crawl(client, [])


def test_the_risk_workbook_refuses_a_frequency_beyond_its_column(db):
    from risks.tests.factories import make_register
    from risks.tests.test_workbook import book, corruption_row, parse

    organisation, _units, _risks = make_register(0)
    n = organisation.code.removeprefix("risk-org-")
    row = corruption_row(unit=f"Dependencia B {n}", project=f"9{int(n):03d}", frequency=2**64)
    result, _ctx = parse(book([row]), organisation)
    assert [e.message for e in result.errors] == [
        "Asegúrese de que este valor sea menor o igual a 2147483647."
    ]
