"""Active content inside Office Open XML files (.xlsx, .docx, .pptx), judged by the parts of the
archive, not by the file's name (pure; no database).

Refused: macros (a VBA project, Excel 4.0 macro sheets, ActiveX controls, macro-enabled
content types such as .xlsm) and links to other workbooks or data sources (externalLink parts,
DDE), which Excel refreshes when someone opens the file."""

from __future__ import annotations

import io
import re
import zipfile

from django.utils.translation import gettext as _

MACRO_PARTS = re.compile(
    r"(^|/)vbaproject\.bin$|(^|/)vbadata\.xml$|^xl/macrosheets/|/activex/", re.I
)
EXTERNAL_LINK_PARTS = re.compile(r"^xl/externallinks/", re.I)
MACRO_CONTENT_TYPE = re.compile(
    rb"macroEnabled|vbaProject|ms-excel\.intlmacrosheet|macrosheet", re.I
)
EXTERNAL_LINK_TYPE = re.compile(rb"externalLink|ddeLink", re.I)


class ActiveContent(ValueError):
    """``kind`` is "macros" or "external_links"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def find_active_content(content: bytes) -> str | None:
    """ "macros", "external_links" or None. A file that is not a zip archive is None here:
    whether it is a valid workbook is for the reader to say."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            types = b""
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size < 1024 * 1024:
                    types = archive.read(info)
            relationships = b"".join(
                archive.read(name)
                for name in names
                if name.lower().endswith(".rels") and archive.getinfo(name).file_size < 1024 * 1024
            )
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        return None
    if any(MACRO_PARTS.search(name) for name in names) or MACRO_CONTENT_TYPE.search(types):
        return "macros"
    if (
        any(EXTERNAL_LINK_PARTS.search(name) for name in names)
        or EXTERNAL_LINK_TYPE.search(types)
        or EXTERNAL_LINK_TYPE.search(relationships)
    ):
        return "external_links"
    return None


def uncompressed_size(content: bytes) -> int:
    """Bytes the archive would take once unpacked (0 when it is not an archive)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return 0


def check_no_active_content(content: bytes) -> None:
    kind = find_active_content(content)
    if kind is not None:
        raise ActiveContent(kind)


def workbook_message(kind: str) -> str:
    if kind == "macros":
        return _(
            "El libro contiene macros; por seguridad no se aceptan. Guárdelo como «Libro de "
            "Excel (.xlsx)» sin macros y cárguelo de nuevo."
        )
    return _(
        "El libro tiene vínculos a otros libros o a fuentes de datos externas; por seguridad no "
        "se aceptan. Rompa los vínculos en Excel (Datos › Editar vínculos) y cárguelo de nuevo."
    )


def file_message(kind: str, name: str) -> str:
    if kind == "macros":
        return _("«%(name)s» contiene macros; por seguridad no se aceptan archivos con macros.") % {
            "name": name
        }
    return _(
        "«%(name)s» tiene vínculos a fuentes de datos externas; por seguridad no se aceptan."
    ) % {"name": name}
