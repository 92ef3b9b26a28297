"""The templates the importer reads, registered in one place.

A reader knows one template family (上海 预算, 江苏 省级部门预算, …). ``identify`` looks only
at a file's cover or first pages and says what the file is: which template, organisation,
year, stage and scope, and whether it is the whole document or one of its parts (some
provinces publish the narrative and the tables as two files). ``read`` then reads and
checks every part of one document together. Files are grouped into documents by what
they say they are, never by their file names.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from .pdf import ImportRefusedError, Page, PdfContent, read_pdf


@dataclass(frozen=True)
class Region:
    """One level of a document's region, from the province down (GB/T 2260 code)."""

    code: str
    name: str
    level: str  # organisations.Region.Level value


@dataclass(frozen=True)
class Identity:
    """What a file says it is, read from its cover before any table."""

    template: str  # Template.code the document's tables follow
    organisation: str
    year: int
    stage: str  # Document.Stage value
    scope: str  # Document.Scope value
    part: str = "whole"  # "whole", or "narrative" / "tables" of a document in two files

    @property
    def document_key(self):
        """Files with the same key are parts of one document."""
        return (self.template, self.organisation, self.year, self.stage, self.scope)


@dataclass(frozen=True)
class Reader:
    #: The template family, as named to a user when no reader recognises a file.
    name: str
    #: PdfContent → Identity, or None when the file is not of this family.
    identify: Callable[[PdfContent], Identity | None]
    #: ([PdfContent of one document], Template) → a checked ParsedDocument. The contents
    #: are the document's parts in any order.
    read: Callable
    #: The parts a document of this family consists of when it is published as several
    #: files (``Identity.part`` values). A document is either one file (part "whole") or
    #: exactly these parts, one file each; anything else is refused before reading.
    parts: tuple[str, ...] = ("narrative", "tables")


@dataclass(frozen=True)
class SourceDocument:
    """A real published document of a family: its files (in ``settings.DISCLOSURES_DIR``),
    the fixture that holds it, and why it is imported with --force if it must be (the
    disagreement it really prints; its findings are kept, never a loosened check)."""

    files: tuple[str, ...]
    fixture: str
    forced: str = ""


@dataclass(frozen=True)
class Family:
    """A template family: one kind of official document, as one package under
    ``budgets/families/`` declares it (see that package's docstring)."""

    #: The package's name under ``budgets/families/``.
    code: str
    #: The templates its documents follow, as declared (``importers.layout``); the stored
    #: templates (``fixtures/templates.json``) are written from them.
    layouts: tuple
    #: Table kind → builder of its ``PublishedTable`` (``disclosures.tables``).
    builders: dict
    #: Reads its PDFs; None for a family whose documents are entered by hand.
    reader: Reader | None = None
    #: Its real documents, in import order.
    documents: tuple[SourceDocument, ...] = ()
    #: How its documents print (a ``rendering.style.FamilyStyle``); None for the generic look.
    style: object = None

    @property
    def templates(self):
        """``Template.code`` of each of its templates."""
        return tuple(layout.code for layout in self.layouts)


_FAMILIES: dict[str, Family] = {}


def register(family):
    """Called once per family when the site starts (``budgets.families.apps``)."""
    _FAMILIES[family.code] = family


def families():
    """Every registered family, in the order ``budgets.families`` declares them."""
    return list(_FAMILIES.values())


def readers():
    """Every registered reader, in the order files are offered to them."""
    return [family.reader for family in _FAMILIES.values() if family.reader]


def identify(content):
    """(reader, identity) of a read PDF; ImportRefusedError naming the known templates."""
    known = readers()
    for reader in known:
        identity = reader.identify(content)
        if identity is not None:
            return reader, identity
    raise ImportRefusedError(
        _("无法识别该文件的公开模板。已知的模板：%(names)s。")
        % {"names": "；".join(str(reader.name) for reader in known)}
    )


# Several files at once: each read once, identified, and grouped into documents. Plain
# functions, used by the import command and the admin alike; no database.

WHOLE = "whole"


def part_label(part):
    return {
        WHOLE: _("完整文件"),
        "narrative": _("公开文件（说明部分）"),
        "tables": _("公开表格部分"),
    }.get(part, part)


@dataclass
class SourceFile:
    """One distinct file given to the import (by content: the same bytes twice are one)."""

    name: str
    sha256: str
    content: PdfContent | None = None
    reader: Reader | None = None
    identity: Identity | None = None
    error: str = ""  # why it cannot be read or identified
    #: Other names the same bytes were given under (read once).
    also: list[str] = field(default_factory=list)


@dataclass
class DocumentGroup:
    """The files of one document (or one file that could not be identified)."""

    files: list[SourceFile]
    reader: Reader | None = None
    identity: Identity | None = None  # the document's (part "whole")
    error: str = ""  # why it cannot be read: unidentified, or its parts incomplete

    @property
    def names(self):
        return [source.name for source in self.files]

    @property
    def contents(self):
        return [source.content for source in self.files]

    @property
    def pages(self):
        """Every page of the document's files, in the order of its parts."""
        return [page for source in self.files for page in source.content.pages]

    @property
    def label(self):
        """The document as a person names it, or its file name(s) when unidentified."""
        if self.identity is None:
            return "、".join(self.names)
        return describe(self.identity)

    def read(self, template):
        """The checked ParsedDocument of the group's parts; ImportRefusedError if it cannot
        be read (the group must have no ``error``)."""
        return self.reader.read(self.contents, template)


def describe(identity):
    from budgets.disclosures.models import Document

    scope = dict(Document.Scope.choices).get(identity.scope, identity.scope)
    stage = dict(Document.Stage.choices).get(identity.stage, identity.stage)
    return _("%(organisation)s %(year)s年%(scope)s%(stage)s") % {
        "organisation": identity.organisation,
        "year": identity.year,
        "scope": scope,
        "stage": stage,
    }


def read_content(name, data, extractor=None):
    """A file's pages: a PDF through ``pdf.read_pdf``; a ``.txt`` (text already extracted
    from a PDF, pages separated by form feeds) as pages of lines without tables."""
    if name.lower().endswith(".txt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefusedError(_("文本文件不是UTF-8编码。")) from error
        pages = [
            Page(number=number, lines=[line.strip() for line in chunk.split("\n") if line.strip()])
            for number, chunk in enumerate(text.split("\f"), start=1)
        ]
        return PdfContent(pages=pages, sha256=hashlib.sha256(data).hexdigest())
    return read_pdf(data, extractor)


def source_files(named_data, progress=iter, extractor=None):
    """A SourceFile for each distinct file among ``named_data`` ((name, bytes) pairs, in
    order): read once and identified, or with the reason it could not be. ``progress``
    wraps the reading (e.g. a progress bar) and receives the distinct files' names."""
    distinct = {}
    for name, data in named_data:
        sha256 = hashlib.sha256(data).hexdigest()
        if sha256 in distinct:
            distinct[sha256][0].also.append(name)
        else:
            distinct[sha256] = (SourceFile(name=name, sha256=sha256), data)
    files = []
    for source, data in progress(list(distinct.values())):
        try:
            source.content = read_content(source.name, data, extractor)
            source.reader, source.identity = identify(source.content)
        except ImportRefusedError as error:
            source.error = str(error)
        files.append(source)
    return files


def group_files(files):
    """The documents ``files`` (SourceFiles) make, in the order their first file came:
    files with the same ``Identity.document_key`` are parts of one document. A file that
    was not identified is a group of its own with its error; a document whose parts do
    not make a whole (see ``Reader.parts``) gets the reason as its error."""
    groups = []
    by_key = {}
    for source in files:
        if source.identity is None:
            groups.append(DocumentGroup([source], error=source.error))
            continue
        key = source.identity.document_key
        if key not in by_key:
            by_key[key] = DocumentGroup(
                [], reader=source.reader, identity=replace(source.identity, part=WHOLE)
            )
            groups.append(by_key[key])
        by_key[key].files.append(source)
    for group in by_key.values():
        order = (WHOLE, *group.reader.parts)
        group.files.sort(
            key=lambda source: (
                order.index(source.identity.part) if source.identity.part in order else len(order)
            )
        )
        group.error = parts_problem(group)
    return groups


def parts_problem(group):
    """Why ``group``'s files do not make one whole document, or "" when they do: one file
    that is the whole document, or exactly the reader's parts, one file each."""
    parts = [source.identity.part for source in group.files]
    if parts == [WHOLE]:
        return ""
    document = group.label
    names = "、".join(group.names)
    if WHOLE in parts:
        return _(
            "《%(document)s》收到了多个文件（%(names)s），其中已有完整文件，无法确定以哪个为准。"
        ) % {
            "document": document,
            "names": names,
        }
    unknown = [part for part in parts if part not in group.reader.parts]
    if unknown:
        return _("《%(document)s》的文件部分“%(part)s”不属于该模板（%(names)s）。") % {
            "document": document,
            "part": unknown[0],
            "names": names,
        }
    repeated = [part for part in group.reader.parts if parts.count(part) > 1]
    if repeated:
        return _("《%(document)s》的%(part)s有多个不同的文件：%(names)s。") % {
            "document": document,
            "part": part_label(repeated[0]),
            "names": names,
        }
    missing = [part for part in group.reader.parts if part not in parts]
    if missing:
        return _(
            "《%(document)s》只收到%(present)s（%(names)s），缺少%(missing)s；请把同一文件的各部分一起导入。"
        ) % {
            "document": document,
            "present": "、".join(part_label(part) for part in parts),
            "names": names,
            "missing": "、".join(part_label(part) for part in missing),
        }
    return ""
