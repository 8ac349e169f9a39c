"""Which evidence files are accepted, judged by their content, not by their name (pure)."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from django.utils.translation import gettext as _

from reporting.ooxml import file_message, find_active_content

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MB per file
MAX_FILES = 10  # per submission

# extension -> (content type, family detected from the content)
ALLOWED = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "csv": ("text/csv", "text"),
    "txt": ("text/plain", "text"),
}
OOXML_PARTS = {"xlsx": "xl/", "docx": "word/", "pptx": "ppt/"}


class EvidenceError(ValueError):
    pass


def _family(handle: BinaryIO, expected: str) -> str | None:
    handle.seek(0)
    head = handle.read(8192)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04") and expected in OOXML_PARTS:
        try:
            with zipfile.ZipFile(handle) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            handle.seek(0)
        if "[Content_Types].xml" in names and any(
            n.startswith(OOXML_PARTS[expected]) for n in names
        ):
            return expected
        return None
    if expected == "text" and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return None
        return "text"
    return None


def check_upload(name: str, size: int, handle: BinaryIO) -> str:
    """The content type to store, or EvidenceError with a Spanish message."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise EvidenceError(
            _(
                "«%(name)s»: tipo de archivo no admitido. Se admiten "
                "PDF, PNG, JPG, XLSX, DOCX, PPTX, CSV y TXT."
            )
            % {"name": name}
        )
    if size > MAX_FILE_BYTES:
        raise EvidenceError(
            _("«%(name)s» pesa más de %(mb)s MB.") % {"name": name, "mb": MAX_FILE_BYTES // 2**20}
        )
    if size == 0:
        raise EvidenceError(_("«%(name)s» está vacío.") % {"name": name})
    content_type, family = ALLOWED[extension]
    if _family(handle, family) != family:
        raise EvidenceError(
            _("«%(name)s»: el contenido no corresponde a un archivo .%(ext)s.")
            % {"name": name, "ext": extension}
        )
    if family in OOXML_PARTS:
        handle.seek(0)
        active = find_active_content(handle.read())
        handle.seek(0)
        if active is not None:
            raise EvidenceError(file_message(active, name))
    return content_type
