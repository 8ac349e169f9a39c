"""The measurement form: Colombian numbers, the analysis rule, evidence, and bad input that
gets a Spanish message next to the field and leaves the database as it was."""

import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Evidence, Measurement
from reporting.tests.conftest import login


def url(people):
    return f"/reporte/cortes/{people.cutoff.id}/indicadores/{people.i4200.id}/"


def state(people):
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    return (m.executed, m.analysis, m.status, Evidence.objects.count())


def test_the_form_shows_the_indicator_programming_and_previous_value(client, people, returned_4200):
    page = login(client, people.reporter_a).get(url(people)).content.decode()
    assert "Estrategia distrital para un Gobierno Abierto" in page
    assert "Dependencia A" in page
    assert "0,27" in page  # programmed for 2026
    assert "0,05" in page  # programmed at the cutoff
    assert 'value="0,03"' in page  # the current value, as a person types it
    assert "Falta el soporte del Producto 3." in page  # the review comment
    assert "Sin reporte anterior" in page


def test_a_reporter_submits_a_colombian_number(client, people, returned_4200):
    response = login(client, people.reporter_a).post(
        url(people), {"executed": "0,05", "analysis": "", "action": "submit"}
    )
    assert response.status_code == 302
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert (m.executed, m.status, m.submitted_by) == (D("0.05"), "submitted", people.reporter_a)


def test_saving_a_draft_keeps_it_out_of_review(client, people, returned_4200):
    login(client, people.reporter_a).post(
        url(people), {"executed": "0,04", "analysis": "Rezago por agenda.", "action": "save"}
    )
    m = Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200)
    assert (m.executed, m.status) == (D("0.04"), "draft")


@pytest.mark.parametrize(
    "executed, analysis, field, message",
    [
        ("mucho", "", "executed", "no es un número"),
        ("-1", "", "executed", "no se admiten valores negativos"),
        ("0.05", "", "executed", "es ambiguo"),
        ("", "", "executed", "Este campo es obligatorio"),
        ("0,123456", "", "executed", "más de 4 decimales"),
        ("2.000.000.000.000", "", "executed", "demasiado grande"),
        ("0,04", "", "analysis", "explique el rezago (80,00 %)"),
        ("0,06", "  ", "analysis", "explique la sobre-ejecución (120,00 %)"),
    ],
)
def test_bad_input_gets_a_spanish_message_and_changes_nothing(
    client, people, returned_4200, executed, analysis, field, message
):
    before = state(people)
    response = login(client, people.reporter_a).post(
        url(people), {"executed": executed, "analysis": analysis, "action": "submit"}
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message.split(" (")[0] in response.content.decode()
    assert state(people) == before


def test_a_percent_above_100_is_absurd(client, people, open_cutoff):
    indicator = people.pes.indicators.get(code="3979")  # percent, programmed 60,67
    indicator.responsible_unit = people.unit_a
    indicator.save()
    Measurement.objects.filter(cutoff=open_cutoff, indicator=indicator).update(status="draft")
    response = login(client, people.reporter_a).post(
        f"/reporte/cortes/{open_cutoff.id}/indicadores/{indicator.id}/",
        {"executed": "150", "analysis": "x", "action": "submit"},
    )
    assert response.status_code == 400
    assert "no puede ser mayor que 100" in response.content.decode()


def pdf(name="acta.pdf", content=b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_links_and_files_are_stored_as_evidence(client, people, returned_4200, media):
    response = login(client, people.reporter_a).post(
        url(people),
        {
            "executed": "0,05",
            "links": "https://drive.example.gov.co/acta-1\nhttps://drive.example.gov.co/acta-2",
            "files": [pdf(), SimpleUploadedFile("informe.docx", docx_bytes())],
            "action": "submit",
        },
    )
    assert response.status_code == 302
    evidence = list(Evidence.objects.order_by("id"))
    assert [(e.kind, e.name) for e in evidence] == [
        ("link", "https://drive.example.gov.co/acta-1"),
        ("link", "https://drive.example.gov.co/acta-2"),
        ("file", "acta.pdf"),
        ("file", "informe.docx"),
    ]
    stored = evidence[2]
    assert stored.file.read().startswith(b"%PDF-")
    assert str(media) in stored.file.path
    # a director downloads it; an anonymous visitor cannot
    download = login(client, people.director).get(f"/reporte/evidencias/{stored.id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.logout()
    assert client.get(f"/reporte/evidencias/{stored.id}/").status_code == 302


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: pdf("virus.exe", b"MZ\x90\x00"), "tipo de archivo no admitido"),
        (
            lambda: pdf("falso.pdf", b"<html>no soy un pdf</html>"),
            "no corresponde a un archivo .pdf",
        ),
        (
            lambda: SimpleUploadedFile("hoja.xlsx", docx_bytes()),
            "no corresponde a un archivo .xlsx",
        ),
        (lambda: pdf("vacio.pdf", b""), "está vacío"),
        (lambda: pdf("grande.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "pesa más de 10 MB"),
    ],
)
def test_bad_evidence_files_are_refused(client, people, returned_4200, media, upload, message):
    before = state(people)
    response = login(client, people.reporter_a).post(
        url(people), {"executed": "0,05", "files": [upload()], "action": "submit"}
    )
    assert response.status_code == 400
    assert message in str(response.context["form"].errors)
    assert state(people) == before
    assert not list(media.rglob("*.*")) if media.exists() else True


def test_a_bad_link_is_refused(client, people, returned_4200):
    before = state(people)
    response = login(client, people.reporter_a).post(
        url(people), {"executed": "0,05", "links": "javascript:alert(1)", "action": "submit"}
    )
    assert response.status_code == 400
    assert "no es un enlace válido" in response.content.decode()
    assert state(people) == before


def test_evidence_can_be_removed_while_editable(client, people, returned_4200, media):
    login(client, people.reporter_a).post(
        url(people), {"executed": "0,05", "links": "https://a.example.gov.co/x", "action": "save"}
    )
    evidence = Evidence.objects.get()
    login(client, people.reporter_a).post(
        url(people), {"executed": "0,05", "remove_evidence": [evidence.id], "action": "save"}
    )
    assert not Evidence.objects.exists()


def test_a_submitted_report_is_read_only_for_the_reporter(client, people, returned_4200):
    c = login(client, people.reporter_a)
    c.post(url(people), {"executed": "0,05", "action": "submit"})
    page = c.get(url(people)).content.decode()
    assert 'name="executed"' not in page
    response = c.post(url(people), {"executed": "0,01", "analysis": "x", "action": "submit"})
    assert response.status_code == 400
    assert "ya fue enviado a revisión" in response.content.decode()
    assert Measurement.objects.get(cutoff=people.cutoff, indicator=people.i4200).executed == D(
        "0.05"
    )
