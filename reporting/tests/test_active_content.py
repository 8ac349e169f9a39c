"""Workbooks with macros or external links are refused everywhere a workbook is uploaded: the
follow-up workbook, the plan-structure workbook, the risk register and evidence files."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from reporting.evidence import EvidenceError, check_upload
from reporting.importing import export_followup, run_followup_import
from reporting.ooxml import find_active_content
from reporting.structure_write import run_structure_import
from reporting.tests.workbook_helpers import db_state

MACROS = "El libro contiene macros; por seguridad no se aceptan."
LINKS = "El libro tiene vínculos a otros libros o a fuentes de datos externas"

EXTERNAL_LINK_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    b' r:id="rId1"/></externalLink>'
)


def plain_workbook() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Hola"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(content: bytes, add: dict[str, bytes] | None = None, patch=None) -> bytes:
    """The archive with parts added and [Content_Types].xml / workbook rels patched."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if patch:
                data = patch(info.filename, data)
            target.writestr(info, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def with_vba(content: bytes) -> bytes:
    return rewrite(content, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})


def as_xlsm(content: bytes) -> bytes:
    """Only the content type says macro-enabled (what Excel writes for .xlsm)."""

    def patch(name, data):
        if name == "[Content_Types].xml":
            return data.replace(
                b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
            )  # spreadsheetml.sheet.main+xml -> macroEnabled
        return data

    return rewrite(content, patch=patch)


def with_macro_sheet(content: bytes) -> bytes:
    return rewrite(content, {"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})


def with_external_link(content: bytes) -> bytes:
    def patch(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(
                b"</Relationships>",
                b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/externalLink" '
                b'Target="externalLinks/externalLink1.xml"/></Relationships>',
            )
        return data

    return rewrite(content, {"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK_XML}, patch=patch)


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda c: c, None),
        (with_vba, "macros"),
        (as_xlsm, "macros"),
        (with_macro_sheet, "macros"),
        (with_external_link, "external_links"),
    ],
    ids=["plain", "vba", "xlsm", "excel4-macro-sheet", "external-link"],
)
def test_active_content_is_found_by_the_parts_of_the_archive(make, kind):
    assert find_active_content(make(plain_workbook())) == kind


def test_an_xlsm_content_type_is_really_what_the_patch_writes():
    assert b"macroEnabled" in zipfile.ZipFile(io.BytesIO(as_xlsm(plain_workbook()))).read(
        "[Content_Types].xml"
    )


def test_what_is_not_an_archive_is_left_to_the_reader():
    assert find_active_content(b"no soy un zip") is None


@pytest.mark.parametrize(
    "make, message",
    [(with_vba, MACROS), (as_xlsm, MACROS), (with_external_link, LINKS)],
    ids=["vba", "xlsm", "external-link"],
)
def test_the_followup_import_refuses_them_and_writes_nothing(people, open_cutoff, make, message):
    content = make(export_followup(open_cutoff, people.planner))
    before = db_state()
    plan = run_followup_import(content, open_cutoff, people.planner)
    assert [message in str(e) for e in plan.errors] == [True]
    assert db_state() == before


def test_the_followup_upload_page_says_so_in_spanish(client, people, open_cutoff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.tests.conftest import login

    content = with_vba(export_followup(open_cutoff, people.planner))
    response = login(client, people.planner).post(
        f"/reporte/cortes/{open_cutoff.id}/importar/",
        {"file": SimpleUploadedFile("libro.xlsm", content)},
    )
    assert response.status_code == 400
    assert MACROS in response.content.decode()


def test_the_structure_import_refuses_them(people):
    from reporting.structure_workbook import export_structure

    content = with_external_link(export_structure(people.cutoff.plan))
    result = run_structure_import(content, people.planner, dry_run=True)
    assert any(LINKS in str(e) for e in result.errors)


@pytest.mark.parametrize(
    "make, message",
    [(with_vba, "contiene macros"), (with_external_link, "vínculos a fuentes de datos externas")],
)
def test_evidence_workbooks_with_macros_or_links_are_refused(make, message):
    content = make(plain_workbook())
    with pytest.raises(EvidenceError, match=message):
        check_upload("soporte.xlsx", len(content), io.BytesIO(content))
    plain = plain_workbook()
    assert check_upload("soporte.xlsx", len(plain), io.BytesIO(plain)).endswith("sheet")
