"""Check published files: every rule on every document they make, in one report.

``check_files`` reads each file within the upload limits (``importers.limits``: a hostile
PDF is stopped by its pages, memory or time), groups the files into documents as the
importer does (by what their covers say), and checks each document:

- the text rules (``base.TEXT``) always, on whatever pages could be read;
- the reader: when it reads the document, its own errors and warnings are findings, each
  under the rule of its kind (``checks.imported``: A01–A11; R00, R02 for a kind not
  listed), and the other rules needing its checked document (``base.PARSED``) run; when
  it refuses, or the document cannot be identified or its parts do not make a whole, the
  reason is a finding (R01, ``base.REFUSED``).

Nothing is stored; the reader needs the templates in the database (``fixtures/templates``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from budgets.disclosures.models import Template
from budgets.importers import registry
from budgets.importers.limits import extract_within, upload_limits
from budgets.importers.pdf import ImportRefusedError

from . import rules
from .base import PARSED, REFUSED, TEXT
from .context import Context, family_of
from .text import Text


@dataclass
class DocumentReport:
    """One document's findings."""

    label: str
    files: list
    findings: list = field(default_factory=list)
    #: Whether the reader read it (so its own checks ran).
    read: bool = False

    @property
    def errors(self):
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self):
        return [finding for finding in self.findings if not finding.is_error]


@dataclass
class Report:
    documents: list

    @property
    def findings(self):
        return [finding for document in self.documents for finding in document.findings]

    @property
    def has_errors(self):
        return any(document.errors for document in self.documents)


def check_files(named_data, extractor=None):
    """The Report on ``named_data`` ((name, bytes) pairs). ``extractor`` replaces the bounded
    extraction (``limits.extract_within`` with the upload limits)."""
    if extractor is None:
        limits = upload_limits()

        def extractor(data):
            return extract_within(data, limits)

    files = registry.source_files(named_data, extractor=extractor)
    return check_sources(files)


def check_sources(files):
    """The Report on ``files`` (``registry.SourceFile``s, read and identified)."""
    return Report([check_group(group) for group in registry.group_files(files)])


def check_group(group):
    """A DocumentReport on one ``registry.DocumentGroup``."""
    readable = [source for source in group.files if source.content is not None]
    context = Context(
        label=group.label,
        identity=group.identity,
        family=family_of(group.identity),
        text=Text([(source.name, source.content.pages) for source in readable]),
        complete=not group.error,
    )
    context.parsed, context.refusal = read(group)
    report = DocumentReport(group.label, group.names, read=context.parsed is not None)
    stages = [TEXT, PARSED if context.parsed is not None else REFUSED]
    for stage in stages:
        for rule in rules.applicable(context.family, stage):
            report.findings += rule.findings(context)
    return report


def read(group):
    """(the reader's checked document, "") or (None, why it cannot be read)."""
    if group.error:
        return None, group.error
    template = Template.objects.filter(code=group.identity.template).first()
    if template is None:
        return None, _("模板“%(code)s”未载入，无法读取表格。") % {"code": group.identity.template}
    try:
        return group.read(template), ""
    except ImportRefusedError as error:
        return None, str(error)
