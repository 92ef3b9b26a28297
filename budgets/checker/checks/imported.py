"""The import's own checks, each kind of problem its own rule.

A reader (``budgets/families/*``) checks the document it reads and lists what disagrees:
``errors`` and ``warnings`` (“提示：…”), each a ``Disagreement`` of a table, a row and a
message. The readers do not say which kind of check found a problem, so its kind is read
from where it is and how it is worded: the narrative's sections by their names, a sum by
what the message compares it with (“下级科目之和”, “基本支出+项目支出”, “按各项计算”), a
code or a name by the words the readers state it in. Messages are matched in Chinese and
in the reader's language (the few the readers translate). A problem of no kind listed here
is still reported, by ``reading``'s R00 or R02.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ..base import ERROR, PARSED, WARNING, Rule
from ..problems import problem_hits

#: The tables a reader names a problem of the narrative by: its sections.
NARRATIVE = frozenset(
    {
        "情况说明",
        "预算编制说明",
        "说明",
        "政府采购预算情况",
        "政府采购支出情况",
        "国有资产占有使用情况",
    }
)
#: What a message compares a printed total with when the total is the sum of the table's
#: own rows or columns (``arithmetic.level_disagreements``, ``parts_disagreement``, the
#: readers' ``compare`` calls).
SUMS = ("之和", "+", "按各项计算", gettext_noop("下级科目之和"), gettext_noop("各行之和"))
ROUNDING = ("舍入差异", gettext_noop("（整数元舍入差异）"))
UNEQUAL = "≠"


def said(message, words):
    """Whether ``message`` has any of ``words``, as written or in the reader's language."""
    return any(word in message or gettext(word) in message for word in words)


@dataclass(frozen=True)
class Kind:
    """A kind of problem: its rule, the list it is in, and how to know it."""

    rule: str
    severity: str
    #: Words its message has (any of them).
    words: tuple = ()
    #: Or: it is about the narrative (and, with ``words``, worded so).
    narrative: bool = False
    #: Or: a comparison whose second figure is a sum of the same table's parts.
    sums: bool = False

    def matches(self, problem):
        message = str(problem.message)
        if self.narrative and str(problem.table) not in NARRATIVE:
            return False
        if self.sums:
            unequal = message.partition(UNEQUAL)
            return bool(unequal[1]) and said(unequal[2], SUMS)
        return not self.words or said(message, self.words)


#: In order: a problem is of the first kind it matches.
KINDS = (
    Kind(
        "A04",
        ERROR,
        (
            "科目编码印为",
            "科目编码位数不对",
            "找不到该功能分类“类”的科目编码",
            gettext_noop("缺少上级科目行"),
        ),
    ),
    Kind(
        "A05",
        ERROR,
        (
            "无法识别的收入项目",
            "无法归入已知的收入来源",
            "不能确定其资金来源",
            "表中没有其资金来源",
            "本表应只有一行数字",
        ),
    ),
    Kind("A03", ERROR, narrative=True),
    Kind("A01", ERROR, sums=True),
    Kind("A01", ERROR, ("印为空白，但各项之和",)),
    Kind(
        "A02",
        ERROR,
        (
            UNEQUAL,
            "中没有该",
            "大于支出预算总表",
            "小于财政拨款支出",
        ),
    ),
    Kind("A06", WARNING, ROUNDING),
    Kind("A08", WARNING, ("在其他表中名称为", "名称与支出预算总表不一致")),
    Kind("A09", WARNING, ("表注称本表为空表", "按空表处理", "重复印出")),
    Kind("A11", WARNING, ("年度资金申请总额", "项目资金总额")),
    Kind(
        "A10",
        WARNING,
        (
            "该页重复前页内容",
            "不是单列预算的单位",
            "未印项目名称",
            "本表金额单位为",
            "无法识别该条",
        ),
    ),
    Kind("A07", WARNING, narrative=True),
)


def kind_of(problem, severity):
    """The rule id of ``problem`` (of the reader's ``errors`` or ``warnings``, as
    ``severity`` says), or None when it is of no kind listed."""
    for kind in KINDS:
        if kind.severity == severity and kind.matches(problem):
            return kind.rule
    return None


def problems(context, severity):
    """The reader's errors or warnings (as ``severity`` says) of ``context``'s document."""
    return context.parsed.errors if severity == ERROR else context.parsed.warnings


def of_kind(rule, severity):
    def check(context):
        return problem_hits(
            context,
            [p for p in problems(context, severity) if kind_of(p, severity) == rule],
        )

    return check


def imported(rule_id, severity, title, description, example):
    return Rule(
        id=rule_id,
        severity=severity,
        title=title,
        description=description,
        check=of_kind(rule_id, severity),
        example=example,
        needs=PARSED,
    )


RULES = [
    imported(
        "A01",
        ERROR,
        _("表内合计与分项不符"),
        _(
            "每张表印出的合计、小计和上级科目，须等于其下各行（下级科目）或各列（基本支出＋"
            "项目支出，人员经费＋公用经费……）之和；决算的收支平衡（收入＋年初结转和结余＝支出＋"
            "年末结转和结余）也在此核对。相差超出舍入所能解释的，报告错误。"
        ),
        _(
            "第11页 2026年预算单位支出预算总表 20406 司法：项目支出 64840547.00 元 ≠ 下级科目之和 "
            "129681094.00 元"
        ),
    ),
    imported(
        "A02",
        ERROR,
        _("表与表之间不一致"),
        _(
            "同一个数字在几张表中印出时须相同：收支总表与支出预算总表、财政拨款表与一般公共预算表、"
            "功能分类与经济分类的基本支出、按“类”列出的人员经费和公用经费与经济分类……；一张表"
            "列出、另一张应有的表却没有的科目也在此报告。"
        ),
        _(
            "第18页 2026年预算单位一般公共预算基本支出部门预算经济分类预算表 合计：合计 "
            "22118861.34 元 ≠ 2026年预算单位一般公共预算支出功能分类预算表基本支出 22118861.00 元"
        ),
    ),
    imported(
        "A03",
        ERROR,
        _("说明中的数字与表格不符"),
        _(
            "说明（情况说明、预算编制说明）所述的总数、分项、占比、变化幅度和完成率，须与表中"
            "印出的数字相符；说明自己列出的合计与其分项（政府采购、车辆）也须相符。"
        ),
        _(
            "第21页 情况说明 财政拨款收入支出总计：说明 0.30 万元 ≠ 财政拨款收入支出决算总表 "
            "2,961.68 万元"
        ),
    ),
    imported(
        "A04",
        ERROR,
        _("科目编码印错"),
        _(
            "表中科目编码的位数不对（“类”三位、“款”五位、“项”七位），或下级科目的上级科目行"
            "缺失，或编码印得残缺、只能按上一行推断。"
        ),
        _(
            "第9页 2024年预算单位支出预算总表 2101102 事业单位医疗：科目编码印为“7 11 02”，"
            "“类”不是三位数字；按上一行的“类”读作 2101102"
        ),
    ),
    imported(
        "A05",
        ERROR,
        _("数字无法归入"),
        _(
            "表中的数字无法归到模板规定的收入来源或资金来源：不认识的收入项目，支出多于收入表"
            "所能说明的来源，或应只有一行数字的表印有多行。"
        ),
        _("第9页 2024年部门财务收支预算总表 捐赠收入：无法识别的收入项目"),
    ),
    imported(
        "A06",
        WARNING,
        _("舍入差异"),
        _(
            "合计与分项、表与表之间的差异小到每个数字按印出的位数（元取整、万元两位小数）舍入就"
            "能解释的，不算错误，作为提示列出。"
        ),
        _(
            "第6页 收入支出决算总表 总计：决算数印出 2,995.39 万元 ≠ 按各项计算 2,995.40 万元"
            "（万元两位小数舍入差异）"
        ),
    ),
    imported(
        "A07",
        WARNING,
        _("说明的表述自相矛盾"),
        _(
            "说明中的一条自己前后不一（“预算安排”两处金额不同，所述变化幅度与所列金额算出的"
            "不符，完成率与另一个预算数相符），或找不到所述科目而未与表核对。"
        ),
        _(
            "第9页 预算编制说明 住房公积金（项）：同一条中“预算安排”写为 352.67 万元，与所列金额 "
            "350.35 万元不一致。"
        ),
    ),
    imported(
        "A08",
        WARNING,
        _("科目名称不一"),
        _("同一科目在不同的表或说明中印出的名称不同；按编码和金额对应，不影响数字。"),
        _(
            "第7页 2024年预算单位财务收支预算总表 医疗卫生与计划生育支出：“类”名称与支出预算"
            "总表不一致，按金额对应到 210 卫生健康支出。"
        ),
    ),
    imported(
        "A09",
        WARNING,
        _("空表与表注"),
        _(
            "表注称本表为空表、表中却印有数字，或模板规定的表未印出而按空表处理，或同一张表"
            "重复印出。"
        ),
        _(
            "第31页 部门“三公”经费和机关运行经费预算表：表注称本表为空表，但表中印有数字；"
            "已按印出的数字导入，并保留表注。"
        ),
    ),
    imported(
        "A10",
        WARNING,
        _("读取说明"),
        _(
            "读取时的处理，不涉及数字是否相符：重复的页略去，项目说明未印项目名称，表的金额单位"
            "换算，不单列预算的单位未建立。"
        ),
        _("第4页 上海市普陀区司法局主要职能 第5页：该页重复前页内容，已略去。"),
    ),
    imported(
        "A11",
        WARNING,
        _("绩效目标表的资金不相加"),
        _(
            "项目绩效目标填报表的资金总额（项目资金总额、年度资金申请总额）与其下的财政拨款、"
            "上年结转、其他资金之和不符；按文件印出的数字保存。"
        ),
        _(
            "第35页 绩效目标填报表 公共服务设施运行经费：年度资金申请总额 10,903,043.00 元，"
            "当年财政拨款、上年结转资金、其他资金合计 11,419,043.00 元；按文件印出保存。"
        ),
    ),
]
