"""The templates the importer reads, registered in one place.

A reader knows one template family (上海 预算, 江苏 省级部门预算, …). ``identify`` looks only
at a file's cover or first pages and says what the file is: which template, organisation,
year, stage and scope, and whether it is the whole document or one of its parts (some
provinces publish the narrative and the tables as two files). ``read`` then reads and
checks every part of one document together. Files are grouped into documents by what
they say they are, never by their file names.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .pdf import ImportRefusedError, PdfContent


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


def readers():
    """Every registered reader, in the order files are offered to them."""
    from . import shanghai

    return [shanghai.READER]


def identify(content):
    """(reader, identity) of a read PDF; ImportRefusedError naming the known templates."""
    known = readers()
    for reader in known:
        identity = reader.identify(content)
        if identity is not None:
            return reader, identity
    raise ImportRefusedError(
        _("无法识别该文件的公开模板。已知的模板：%(names)s。")
        % {"names": "；".join(reader.name for reader in known)}
    )
