"""Figures the narrative states about the year's projects and running costs, against the
tables that print what they are part of.

- P01: the projects with performance targets (“编报绩效目标的项目…涉及项目预算资金”, and
  the 绩效目标填报表 printed for them, each its 年度资金申请总额) are budget projects, so
  their money cannot exceed the 项目支出 the 支出预算总表 prints in all. A 决算's coverage
  is stated in budget money, which its tables do not print, so it is not compared.
- P02: in a 决算, 机关运行经费 is the 日常公用经费 of the basic spending that
  一般公共预算财政拨款 pays for (the template's 名词解释), so the amount the narrative
  states cannot exceed the 公用经费合计 of 一般公共预算财政拨款基本支出决算表 (it equals it
  where every unit is an administrative one).
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures.money import from_yuan
from budgets.families.shanghai_budget.layout import EXPENDITURE

from ..base import ERROR, PARSED, Hit, Rule
from ..text import AMOUNT, figure, flatten

WAN = Decimal(10000)
#: Half a printed 0.01 万元, in 元: how far a table's figure may lie from its sum.
TABLE_HALF_STEP = Decimal(50)


def statements(context, topic):
    """The reader's statements of ``topic`` (a 决算 keeps them on the document, a budget on
    its narrative)."""
    parsed = context.parsed
    found = list(parsed.statements) or list(getattr(parsed.narrative, "statements", []))
    return [fields for fields in found if fields.get("topic") == topic]


def slack_of(quote):
    """Half the last printed place, in 元, of the last amount ``quote`` prints."""
    amounts = list(AMOUNT.finditer(flatten(quote)))
    if not amounts:
        return Decimal(0)
    last = amounts[-1]
    return figure(last, last.group("unit")).half_step * WAN


def where_quoted(context, quote):
    """Where ``quote`` is printed (its first words, as the reader kept them), or nothing."""
    words = flatten(quote)[:30]
    start = context.text.flat.find(words) if words else -1
    return {} if start < 0 else context.text.where(start)


def wan(amount):
    return f"{from_yuan(amount, '万元'):,.2f}万元"


def project_spending(context):
    table = context.parsed.tables.get(EXPENDITURE)
    return table.total.get("project") if table is not None else None


def covered_projects(context):
    """Each stated coverage, and the forms' 年度资金申请总额 together, beyond 项目支出."""
    spending = project_spending(context)
    if spending is None:
        return []
    title = context.parsed.tables[EXPENDITURE].title
    hits = []
    for fields in statements(context, "performance_coverage"):
        if fields["amount"] - slack_of(fields["quote"]) > spending:
            hits.append(beyond(context, fields["quote"], fields["amount"], spending, title))
    forms = [p.form for p in context.parsed.narrative.projects if p.form is not None]
    annual = [form.amount("annual_total") for form in forms]
    if sum(amount or 0 for amount in annual) > spending:
        hits.append(forms_beyond(context, len(forms), sum(annual), spending, title))
    return hits


def beyond(context, quote, amount, spending, title):
    return Hit(
        _("编报绩效目标的项目涉及预算资金%(stated)s，超过%(table)s的项目支出合计%(printed)s。")
        % {"stated": wan(amount), "table": title, "printed": wan(spending)},
        text=quote,
        figures=(_("说明 %(amount)s") % {"amount": wan(amount)}, f"{title} {wan(spending)}"),
        **where_quoted(context, quote),
    )


def forms_beyond(context, count, total, spending, title):
    return Hit(
        _(
            "%(count)s张项目绩效目标表的年度资金申请总额合计%(total)s，"
            "超过%(table)s的项目支出合计%(printed)s。"
        )
        % {"count": count, "total": wan(total), "table": title, "printed": wan(spending)},
        table="绩效目标填报表",
        figures=(
            _("绩效目标表 %(amount)s") % {"amount": wan(total)},
            f"{title} {wan(spending)}",
        ),
    )


RUNNING_TOTAL = ("final_basic_economic", "running_total", "amount")


def running_costs(context):
    """The stated 机关运行经费 beyond the 公用经费合计 of 表6."""
    table = context.parsed.table(RUNNING_TOTAL[0])
    printed = table.get(*RUNNING_TOTAL[1:])
    hits = []
    for fields in statements(context, "administrative_running"):
        slack = slack_of(fields["quote"]) + TABLE_HALF_STEP
        if printed is None or fields["amount"] - slack <= printed:
            continue
        hits.append(
            Hit(
                _("机关运行经费%(stated)s，超过%(table)s的公用经费合计%(printed)s。")
                % {"stated": wan(fields["amount"]), "table": table.title, "printed": wan(printed)},
                text=fields["quote"],
                figures=(
                    _("说明 %(amount)s") % {"amount": wan(fields["amount"])},
                    f"{table.title} {wan(printed)}",
                ),
                **where_quoted(context, fields["quote"]),
            )
        )
    return hits


RULES = [
    Rule(
        id="P01",
        severity=ERROR,
        title=gettext_lazy("绩效目标的项目资金超过项目支出"),
        description=gettext_lazy(
            "编报绩效目标的项目都是本年预算的项目，所以说明所述“涉及项目预算资金”，以及各项目"
            "绩效目标填报表的年度资金申请总额之和，都不能超过支出预算总表的项目支出合计（说明的"
            "金额按其印出的位数允许舍入差）。超过的，报告错误。"
        ),
        check=covered_projects,
        example=gettext_lazy(
            "第28页：编报绩效目标的项目涉及预算资金9,634.81万元，超过2024年部门支出预算总表的"
            "项目支出合计5,650.51万元。"
        ),
        families=("shanghai_budget",),
        needs=PARSED,
    ),
    Rule(
        id="P02",
        severity=ERROR,
        title=gettext_lazy("决算的机关运行经费超过公用经费"),
        description=gettext_lazy(
            "按决算模板的名词解释，机关运行经费是行政单位（含参公事业单位）一般公共预算财政拨款"
            "基本支出中的日常公用经费，所以说明所述的机关运行经费不能超过一般公共预算财政拨款"
            "基本支出决算表的公用经费合计（全部为行政单位的部门两者相等）。超过的，报告错误。"
        ),
        check=running_costs,
        example=gettext_lazy(
            "第14页：机关运行经费20.23万元，超过一般公共预算财政拨款基本支出决算表的公用经费"
            "合计10.23万元。"
        ),
        families=("shanghai_final",),
        needs=PARSED,
    ),
]
