"""The reader's own verdict as findings: why it could not read a document (R01), and, as a
fallback, the problems of a document it read that are of no kind ``imported`` names a rule
for (R00 errors, R02 warnings)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, PARSED, REFUSED, WARNING, Hit, Rule
from ..problems import problem_hits
from .imported import kind_of


def unmapped(problems, severity):
    """The problems of no kind ``imported`` names a rule for."""
    return [problem for problem in problems if kind_of(problem, severity) is None]


def reader_errors(context):
    return problem_hits(context, unmapped(context.parsed.errors, ERROR))


def reader_warnings(context):
    return problem_hits(context, unmapped(context.parsed.warnings, WARNING))


def refusal(context):
    return [Hit(_("未能读取表格：%(reason)s") % {"reason": context.refusal})]


RULES = [
    Rule(
        id="R00",
        severity=ERROR,
        title=gettext_lazy("导入核对（其他）"),
        description=gettext_lazy(
            "文件能按其模板读出时，导入时的全部核对照常进行，各类问题由 A01–A05 报告；"
            "不属于其中任何一类的错误（如新增的核对所报的问题）在此报告，注明表和行。"
        ),
        check=reader_errors,
        example=gettext_lazy("某表 某行：一项尚未归类的核对所报的问题，原样列出。"),
        needs=PARSED,
    ),
    Rule(
        id="R01",
        severity=ERROR,
        title=gettext_lazy("无法按模板读取"),
        description=gettext_lazy(
            "文件不能按其模板读出表格时（认不出模板、分两个文件公开的缺了一个、缺少某张表或表头"
            "不符），导入会拒绝；核对照样进行文字部分的各项检查，并把拒绝的原因（如缺少哪张表）"
            "报告为一条错误。"
        ),
        check=refusal,
        example=gettext_lazy("未能读取表格：文件中找不到以下决算表：支出决算表"),
        needs=REFUSED,
    ),
    Rule(
        id="R02",
        severity=WARNING,
        title=gettext_lazy("导入提示（其他）"),
        description=gettext_lazy(
            "读取时发现、但不影响数字的情况，各类由 A06–A11 报告；"
            "不属于其中任何一类的提示在此报告。"
        ),
        check=reader_warnings,
        example=gettext_lazy("某表 某行：一项尚未归类的提示，原样列出。"),
        needs=PARSED,
    ),
]
