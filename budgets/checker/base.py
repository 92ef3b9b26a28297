"""What a rule is and what it finds.

A rule's check reads a ``context.Context`` and returns ``Hit``s: where (file, page, line or
table and row), the words or figures it compared, and a message. The engine stamps each hit
with the rule's id and severity, making a ``Finding``: one line of the report.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ERROR = "error"
WARNING = "warning"
SEVERITIES = {ERROR: _("错误"), WARNING: _("提示")}

#: A rule for every template family, and for files no reader recognised.
EVERY_FAMILY = ("*",)

#: When a rule runs: on the pages' text (always), on the reader's checked document (when
#: the reader reads it), or on the reader's refusal (when it does not).
TEXT = "text"
PARSED = "parsed"
REFUSED = "refused"


@dataclass(frozen=True)
class Hit:
    message: str
    file: str = ""
    page: int | None = None
    line: int | None = None
    table: str = ""
    row: str = ""
    #: The words compared, as printed (a sentence, a heading, a table header).
    text: str = ""
    #: The figures compared, each as “label 数字” (“本年 170.03万元”).
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    file: str = ""
    page: int | None = None
    line: int | None = None
    table: str = ""
    row: str = ""
    text: str = ""
    figures: tuple[str, ...] = ()

    @property
    def is_error(self):
        return self.severity == ERROR

    @property
    def severity_label(self):
        return str(SEVERITIES[self.severity])

    def as_dict(self):
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "page": self.page,
            "line": self.line,
            "table": self.table,
            "row": self.row,
            "text": self.text,
            "figures": list(self.figures),
            "message": self.message,
        }


@dataclass(frozen=True)
class Rule:
    """One named check, as the rules page (``/checker/rules/``) describes it."""

    id: str
    severity: str
    title: object
    #: One paragraph: what is compared and why a difference is a problem.
    description: object
    #: Context → [Hit].
    check: Callable
    #: What a finding reads like (the rules page shows it).
    example: object
    #: ``importers.registry.Family.code`` of each family it applies to, or EVERY_FAMILY.
    families: tuple[str, ...] = EVERY_FAMILY
    needs: str = TEXT

    def applies_to(self, family):
        """Whether the rule runs on a document of ``family`` (None: not identified)."""
        return self.families == EVERY_FAMILY or family in self.families

    def findings(self, context):
        return [Finding(self.id, self.severity, **vars(hit)) for hit in self.check(context) or ()]
