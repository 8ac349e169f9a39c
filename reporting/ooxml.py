"""Active content inside Office Open XML files (.xlsx, .docx, .pptx), judged as Office reads
the package, not by the names of its parts (pure; no database).

Every part is classified by its content type from ``[Content_Types].xml`` (an Override for the
part, else the Default for its extension) and by its first bytes, whatever its name or
folder; every relationship part is read whatever its size. Reading is streamed with a cap on
the total bytes unpacked (``MAX_EXPANSION``), and the declared sizes are checked first, so a
zip bomb is refused without being unpacked.

Refused:
- ``macros``: a VBA project (content type, relationship or an OLE compound file anywhere in
  the package), Excel 4.0 macro sheets, ActiveX controls, OLE objects, macro-enabled main
  parts (.xlsm, .docm, .pptm), Word's attached toolbars and key maps.
- ``external_links``: any relationship with ``TargetMode="External"`` except a plain hyperlink
  (which Office never fetches by itself): links to other workbooks, a remote
  ``attachedTemplate``, remote images, linked OLE objects; externalLink and DDE parts and data
  connections, wherever they are stored.
- ``too_large``: more than ``MAX_EXPANSION`` bytes once unpacked.
- ``unreadable``: a content-types or relationship part that is not well-formed XML (or
  declares a DTD): Office would not open it either.

The XML is read with defusedxml (no DTDs, no entities)."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

MAX_EXPANSION = 60 * 1024 * 1024  # bytes unpacked, declared or read
CHUNK = 64 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # compound file (VBA projects, OLE objects, ActiveX bins)
CONTENT_TYPES = "[content_types].xml"
RELATIONSHIPS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"

MACRO_CONTENT_TYPE = re.compile(
    r"macroEnabled|vbaProject|vbaData|macrosheet|activeX|oleObject|attachedToolbars|"
    r"keyMapCustomizations|ms-office\.vbaProjectSignature",
    re.I,
)
EXTERNAL_CONTENT_TYPE = re.compile(r"externalLink|ddeLink|spreadsheetml\.connections", re.I)
MACRO_RELATIONSHIP = re.compile(
    r"/(vbaProject|vbaProjectSignature|xlMacrosheet|xlIntlMacrosheet|control|"
    r"activeXControlBinary|oleObject|attachedToolbars|keyMapCustomizations|wordVbaData)$",
    re.I,
)
EXTERNAL_RELATIONSHIP = re.compile(r"/(externalLink|externalLinkPath|connections)$", re.I)
HYPERLINK = re.compile(r"/hyperlink$", re.I)
# Names Office gives these parts: a second signal for parts nothing else points to.
MACRO_PART_NAME = re.compile(
    r"(^|/)vbaproject\.bin$|(^|/)vbadata\.xml$|^xl/macrosheets/|/activex/", re.I
)
EXTERNAL_PART_NAME = re.compile(r"^xl/externallinks/", re.I)


class ActiveContent(ValueError):
    """``kind`` is "macros", "external_links", "too_large" or "unreadable"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class _Expansion:
    """Bytes unpacked so far; ActiveContent("too_large") past the cap."""

    def __init__(self, cap: int):
        self.left = cap

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                self.left -= len(chunk)
                if self.left < 0:
                    raise ActiveContent("too_large")
                yield chunk

    def head(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = 8) -> bytes:
        with archive.open(info) as handle:
            data = handle.read(size)
        self.left -= len(data)
        if self.left < 0:
            raise ActiveContent("too_large")
        return data


class _Stream(io.RawIOBase):
    """A file object over the chunks of one part, for the streaming XML parser."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            try:
                self._rest = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n], self._rest = self._rest[:n], self._rest[n:]
        return n


def _elements(chunks: Iterator[bytes]) -> Iterator:
    """(local tag, attributes) of every element of a streamed XML part."""
    try:
        for _event, element in iterparse(io.BufferedReader(_Stream(chunks)), events=("end",)):
            yield element.tag.rsplit("}", 1)[-1], dict(element.attrib)
            element.clear()
    except (SyntaxError, DefusedXmlException, ValueError):  # ParseError is a SyntaxError
        raise ActiveContent("unreadable") from None


def _part_name(name: str) -> str:
    """A zip entry or a PartName, as Office compares them: no leading slash, unescaped,
    case-insensitive."""
    return unquote(name).lstrip("/").lower()


def _content_types(archive, info, expansion) -> tuple[dict[str, str], dict[str, str]]:
    defaults, overrides = {}, {}
    for tag, attributes in _elements(expansion.read(archive, info)):
        if tag == "Default":
            defaults[attributes.get("Extension", "").lower()] = attributes.get("ContentType", "")
        elif tag == "Override":
            part = _part_name(attributes.get("PartName", ""))
            overrides[part] = attributes.get("ContentType", "")
    return defaults, overrides


def _content_type(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> str:
    part = _part_name(name)
    if part in overrides:
        return overrides[part]
    return defaults.get(posixpath.splitext(part)[1].lstrip("."), "")


def _relationship_kind(attributes: dict[str, str]) -> str | None:
    kind = attributes.get("Type", "")
    if MACRO_RELATIONSHIP.search(kind):
        return "macros"
    external = attributes.get("TargetMode", "").lower() == "external"
    if EXTERNAL_RELATIONSHIP.search(kind) or (external and not HYPERLINK.search(kind)):
        return "external_links"
    return None


def _classify(archive: zipfile.ZipFile) -> str | None:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if sum(i.file_size for i in infos) > MAX_EXPANSION:
        return "too_large"
    expansion = _Expansion(MAX_EXPANSION)
    types = [i for i in infos if _part_name(i.filename) == CONTENT_TYPES]
    if not types:
        return None  # not a package Office would open; the readers say so
    defaults, overrides = {}, {}
    for info in types:
        found = _content_types(archive, info, expansion)
        defaults.update(found[0])
        overrides.update(found[1])
    found: set[str] = set()
    for info in infos:
        name = info.filename
        content_type = _content_type(name, defaults, overrides)
        if (
            MACRO_CONTENT_TYPE.search(content_type)
            or MACRO_PART_NAME.search(name)
            or expansion.head(archive, info).startswith(OLE_SIGNATURE)
        ):
            return "macros"
        if EXTERNAL_CONTENT_TYPE.search(content_type) or EXTERNAL_PART_NAME.search(name):
            found.add("external_links")
        if content_type == RELATIONSHIPS_TYPE or name.lower().endswith(".rels"):
            for tag, attributes in _elements(expansion.read(archive, info)):
                if tag == "Relationship":
                    kind = _relationship_kind(attributes)
                    if kind == "macros":
                        return kind
                    if kind:
                        found.add(kind)
    return "external_links" if found else None


def find_active_content(content: bytes) -> str | None:
    """ "macros", "external_links", "too_large", "unreadable" or None. A file that is not a
    zip archive is None here: whether it is a valid workbook is for the reader to say."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return _classify(archive)
    except ActiveContent as refused:
        return refused.kind
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        return None
    except (EOFError, zipfile.LargeZipFile):
        return "unreadable"


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
    if kind == "too_large":
        return _("El libro es demasiado grande al descomprimirlo.")
    if kind == "unreadable":
        return _("El libro está dañado: Excel no podría abrirlo. Guárdelo de nuevo y cárguelo.")
    return _(
        "El libro tiene vínculos a otros libros o a fuentes de datos externas; por seguridad no "
        "se aceptan. Rompa los vínculos en Excel (Datos › Editar vínculos) y cárguelo de nuevo."
    )


def file_message(kind: str, name: str) -> str:
    if kind == "macros":
        return _(
            "«%(name)s» contiene macros u objetos incrustados (VBA, ActiveX, OLE); por "
            "seguridad no se aceptan archivos con macros."
        ) % {"name": name}
    if kind == "too_large":
        return _("«%(name)s» es demasiado grande al descomprimirlo.") % {"name": name}
    if kind == "unreadable":
        return _("«%(name)s» está dañado: Office no podría abrirlo.") % {"name": name}
    return _(
        "«%(name)s» tiene vínculos a fuentes de datos externas (otros libros, plantillas, "
        "imágenes u objetos remotos); por seguridad no se aceptan."
    ) % {"name": name}
