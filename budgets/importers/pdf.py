"""Reading a budget PDF into pages of text lines and ruled tables (pdfplumber).

Everything the parser needs from the file is read here, once, so that the rest of
the import works on plain strings and lists and can be tested without a PDF.
"""

import hashlib
import io
from dataclasses import dataclass, field

import pdfplumber
from django.utils.translation import gettext as _


class ImportRefusedError(Exception):
    """The file cannot be imported; the message says why, in Chinese, for the user."""


@dataclass
class Page:
    number: int
    lines: list[str]
    tables: list[list[list[str | None]]] = field(default_factory=list)

    @property
    def first_line(self):
        return self.lines[0] if self.lines else ""


@dataclass
class PdfContent:
    pages: list[Page]
    sha256: str
    created_on: str | None = None  # YYYY-MM-DD from the PDF's CreationDate, if any


def read_pdf(data, extractor=None):
    """The pages of a PDF given as bytes; ImportRefusedError if it is not a readable PDF.
    ``extractor`` replaces ``extract`` (e.g. ``limits.extract_within`` for uploads)."""
    if not data.startswith(b"%PDF-"):
        raise ImportRefusedError(_("该文件不是PDF文件（文件头不是“%PDF-”）。"))
    if b"%%EOF" not in data[-2048:]:
        raise ImportRefusedError(_("PDF文件不完整（缺少文件结束标记），可能在传输中被截断。"))
    pages, created = (extractor or extract)(data)
    if not pages:
        raise ImportRefusedError(_("该PDF文件没有页面。"))
    for page in pages:
        page.lines = [line for line in page.lines if line]
    created_on = None
    if created.startswith("D:") and len(created) >= 10 and created[2:10].isdigit():
        created_on = f"{created[2:6]}-{created[6:8]}-{created[8:10]}"
    return PdfContent(pages=pages, sha256=hashlib.sha256(data).hexdigest(), created_on=created_on)


def extract(data):
    """(pages, CreationDate) of a PDF through pdfplumber: the slow part of an import, kept
    apart so that a test session can extract each published file once."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [
                Page(
                    number=index + 1,
                    lines=[line.strip() for line in (page.extract_text() or "").split("\n")],
                    tables=page.extract_tables(),
                )
                for index, page in enumerate(pdf.pages)
            ]
            created = str(pdf.metadata.get("CreationDate") or "")
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise ImportRefusedError(_("无法读取该PDF文件：%(error)s") % {"error": error}) from error
    return pages, created
