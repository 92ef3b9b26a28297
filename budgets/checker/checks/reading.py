"""The reader's own verdict as findings: its checks of a document it read (every table's
sums, the narrative's figures against the tables), or why it could not read it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, PARSED, REFUSED, WARNING, Hit, Rule
from ..text import flatten

#: How the readers mark a warning's message; the severity says it here.
WARNING_PREFIX = "提示："


#: A row named by fewer characters (“合计”, “基本支出”) is printed in too many places to
#: say which one a problem is about.
DISTINCT_ROW = 6


def place_of(text, table, row):
    """Where a problem is printed: the line printing the table's title alone (its own
    title, not the 目录's numbered entry; the last such line); for the narrative, whose
    sections are no tables, the first mention of a row named distinctly enough, on a page
    of prose if there is one; else nothing."""
    title = flatten(table)
    found = {}
    for page in text.pages:
        for index, line in enumerate(page.lines):
            if title and flatten(line) == title:
                found = {"file": page.file, "page": page.number, "line": index + 1}
    row = flatten(row)
    if found or len(row) < DISTINCT_ROW:
        return found
    prose = {(page.file, page.number) for page in text.pages if not page.has_tables}
    mentions = [text.where(offset) for offset in occurrences(text.flat, row)]
    in_prose = [where for where in mentions if (where["file"], where["page"]) in prose]
    return (in_prose or mentions or [{}])[0]


def occurrences(text, part):
    start = text.find(part)
    while start >= 0:
        yield start
        start = text.find(part, start + 1)


def problem_hits(context, problems):
    return [
        Hit(
            str(problem.message).removeprefix(WARNING_PREFIX),
            table=str(problem.table),
            row=str(problem.row),
            **place_of(context.text, str(problem.table), str(problem.row)),
        )
        for problem in problems
    ]


def reader_errors(context):
    return problem_hits(context, context.parsed.errors)


def reader_warnings(context):
    return problem_hits(context, context.parsed.warnings)


def refusal(context):
    return [Hit(_("未能读取表格：%(reason)s") % {"reason": context.refusal})]


RULES = [
    Rule(
        id="R00",
        severity=ERROR,
        title=gettext_lazy("导入核对"),
        description=gettext_lazy(
            "文件能按其模板读出时，导入时的全部核对照常进行：各表的合计与分项、表与表之间、"
            "说明中的数字与表格。每处不一致报告为一条错误，注明表和行。"
        ),
        check=reader_errors,
        example=gettext_lazy(
            "第21页 情况说明 财政拨款收入支出总计：说明 0.30 万元 ≠ 财政拨款收入支出决算总表 "
            "2,961.68 万元"
        ),
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
        title=gettext_lazy("导入提示"),
        description=gettext_lazy(
            "读取时发现、但不影响数字的情况，如某科目在各表中名称不一、某张表未印出而按空表处理。"
        ),
        check=reader_warnings,
        example=gettext_lazy(
            "第7页 2024年预算单位财务收支预算总表 医疗卫生与计划生育支出：“类”名称与支出预算"
            "总表不一致，按金额对应到 210 卫生健康支出。"
        ),
        needs=PARSED,
    ),
]
