"""The checks a document must pass before it is submitted and published.

Errors block submission and publication unless a reviewer overrides them with a written
reason (``Override``); warnings (“提示：…”) never block.

- 数字一致 (errors): ``arithmetic.check_document``, the same checks the admin ran before
  publishing: revenue = expenditure, the economic view = the function view, the published
  personnel/running split = the economic view. Errors an import stored as findings
  (``import_disclosure --force``) count too.
- 完整 (errors): every table the template requires prints figures, or the document gives
  the table a printed note (TableNote, such as “本单位不涉及”, “故本表为空表”), or the
  imported document printed it empty (TableNote with its printed title).
- 科目 (errors): every code is in the catalogue of the document's year, with its 类 and
  款 above it (else the tables cannot name it).
- 合理 (warnings):
  - total expenditure more than 50% above or below the same organisation's published
    document of the year before (same stage and scope);
  - the amount unit. A document printed in 万元 with two decimals prints every table
    figure as a whole number of 0.01 万元 (100 元). If more than half of its nonzero
    table amounts are not whole hundreds of 元, or its total is under 1 万元, the figures
    look typed in 元 into a 万元 document. The other way round, a unit (单位) document
    over 100亿元 looks like 元 figures typed as 万元, and a 元 document whose total is
    under 1 万元 like 万元 figures typed as 元.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from budgets.disclosures import arithmetic
from budgets.disclosures import tables as published
from budgets.disclosures.models import Document
from budgets.disclosures.tables.common import prefixes

ERROR = "error"
WARNING = "warning"
WARNING_PREFIX = "提示："

WAN = Decimal(10000)
HUNDRED = Decimal(100)
HUGE_UNIT_TOTAL = Decimal(10) ** 10  # 100亿元
CHANGE_LIMIT = Decimal("0.5")


@dataclass(frozen=True)
class Problem:
    severity: str
    table: str
    row: str
    message: str

    @property
    def key(self):
        """What an override names: the same problem found again is still overridden."""
        return f"{self.table}|{self.row}|{self.message}"

    @property
    def is_error(self):
        return self.severity == ERROR


def severity_of(message):
    return WARNING if message.startswith(WARNING_PREFIX) else ERROR


def check(document):
    """Every problem of a saved document, errors first.

    Problems are stated in the site's own language (Chinese), whatever language the
    reader chose: they sit beside the findings an import stored (in Chinese), and a
    reviewer's override names problems by their text, so the same problem must read the
    same in every session for it to be recognised and merged."""
    facts = published.load_facts(document)
    problems = []
    with translation.override(settings.LANGUAGE_CODE):
        problems += arithmetic_problems(facts)
        problems += stored_findings(document)
        problems += completeness_problems(facts)
        problems += code_problems(facts)
        problems += plausibility_problems(facts)
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda problem: problem.severity != ERROR)


def arithmetic_problems(facts):
    """The budget identities of ``arithmetic.check_document``. Final accounts (决算) have
    their own: revenue and spending differ by the carry-overs, and their 万元 figures are
    rounded, so the importer checks every printed cell and the 决算 balance instead and
    records what disagrees as findings, which count here (``stored_findings``)."""
    if facts.document.stage == Document.Stage.FINAL_ACCOUNTS:
        return []
    return [
        Problem(ERROR, str(problem.table), str(problem.row), str(problem.message))
        for problem in arithmetic.check_document(
            revenue=facts.revenue,
            function_lines=facts.function_lines,
            economic_lines=facts.economic_lines,
            basic_splits=facts.basic_splits,
            spending_by_type=facts.document.expenditurebytypes.all(),
        )
    ]


def stored_findings(document):
    return [
        Problem(severity_of(finding.message), finding.table, finding.row, finding.message)
        for finding in document.findings.all()
    ]


def has_figures(table):
    """A table prints figures: a nonzero amount, or (a performance target form) any row."""
    if table.form:
        return bool(table.rows)
    return any(isinstance(cell, Decimal) and cell != 0 for row in table.rows for cell in row.cells)


def completeness_problems(facts):
    problems = []
    for template_table in facts.template_tables:
        note = facts.notes.get(template_table.id)
        # A printed note (本单位不涉及) or a printed title says the document published the
        # table, empty as it may be (江苏 prints 政府性基金 tables with no rows and no note).
        printed = note and (note.note.strip() or note.title.strip())
        if printed or template_table.kind not in published.BUILDERS:
            continue
        table = published.build(facts, template_table)
        if not has_figures(table):
            problems.append(
                Problem(
                    ERROR,
                    template_table.number,
                    "",
                    _("%(title)s：没有数字，也没有表注（如“本单位不涉及”）。")
                    % {"title": table.title},
                )
            )
    return problems


def code_problems(facts):
    year = facts.document.year
    used = {"function": set(), "dept_economic": set(), "gov_economic": set()}
    wrong_year = []
    for line in facts.function_lines + facts.revenue + facts.basic_splits:
        if line.function_id:
            used["function"].add(line.function.code)
            if line.function.year != year:
                wrong_year.append(line.function)
    for line in facts.economic_lines:
        used["dept_economic"].add(line.dept_economic.code)
        if line.dept_economic.year != year:
            wrong_year.append(line.dept_economic)
        if line.gov_economic_id:
            used["gov_economic"].add(line.gov_economic.code)
            if line.gov_economic.year != year:
                wrong_year.append(line.gov_economic)
    problems = [
        Problem(
            ERROR,
            "",
            code.code,
            _("科目 %(code)s 属于 %(code_year)s 年目录，本文件为 %(year)s 年。")
            % {"code": code.code, "code_year": code.year, "year": year},
        )
        for code in dict.fromkeys(wrong_year)
    ]
    lengths = {"function": (3, 5, 7), "dept_economic": (3, 5), "gov_economic": (3, 5)}
    for scheme, codes in used.items():
        for code in sorted(prefixes(codes, lengths[scheme])):
            if code not in facts.names[scheme]:
                problems.append(
                    Problem(
                        ERROR,
                        "",
                        code,
                        _("科目 %(code)s 不在 %(year)s 年的科目目录中，报表无法列出其名称。")
                        % {"code": code, "year": year},
                    )
                )
    return problems


def table_amounts(facts):
    lines = facts.revenue + facts.function_lines + facts.economic_lines
    return [line.amount for line in lines if line.amount]


def expenditure_total(facts):
    split = arithmetic.split_of(facts.function_lines)
    return split.total or Decimal(0)


def prior_document(document):
    return (
        Document.published.filter(
            organisation_id=document.organisation_id,
            year=document.year - 1,
            stage=document.stage,
            scope=document.scope,
        )
        .exclude(pk=document.pk)
        .first()
    )


def plausibility_problems(facts):
    document = facts.document
    problems = []
    total = expenditure_total(facts)
    prior = prior_document(document)
    if prior is not None and total:
        prior_total = expenditure_total(published.load_facts(prior))
        if prior_total and abs(total - prior_total) / prior_total > CHANGE_LIMIT:
            problems.append(
                Problem(
                    WARNING,
                    "",
                    _("合计"),
                    _(
                        "提示：支出合计 %(total)s 元较上年已公开的 %(prior)s 元变化 %(percent)s%%，"
                        "超过50%%，请核对数字和金额单位。"
                    )
                    % {
                        "total": total,
                        "prior": prior_total,
                        "percent": ((total - prior_total) / prior_total * 100).quantize(
                            Decimal("0.1")
                        ),
                    },
                )
            )
    amounts = table_amounts(facts)
    if not amounts:
        return problems
    if document.amount_unit == "万元":
        odd = [amount for amount in amounts if amount % HUNDRED]
        if len(odd) * 2 > len(amounts) or total < WAN:
            problems.append(
                Problem(
                    WARNING,
                    "",
                    "",
                    _(
                        "提示：本文件金额单位为万元，但%(detail)s，像是把以元为单位的数字录入了万元文件。"
                    )
                    % {
                        "detail": _("支出合计不足1万元")
                        if total < WAN
                        else _("%(odd)d/%(all)d 个金额不是0.01万元的整数倍")
                        % {"odd": len(odd), "all": len(amounts)}
                    },
                )
            )
        elif document.scope == Document.Scope.UNIT and total > HUGE_UNIT_TOTAL:
            problems.append(
                Problem(
                    WARNING,
                    "",
                    "",
                    _("提示：单位支出合计超过100亿元，像是把以元为单位的数字按万元录入了。"),
                )
            )
    elif total and total < WAN:
        problems.append(
            Problem(
                WARNING,
                "",
                "",
                _(
                    "提示：本文件金额单位为元，但支出合计不足1万元，像是把以万元为单位的数字录入了元文件。"
                ),
            )
        )
    return problems


def blocking(document, problems):
    """The errors no override covers."""
    override = document.overrides.first()
    covered = set(override.errors) if override else set()
    return [problem for problem in problems if problem.is_error and problem.key not in covered]
