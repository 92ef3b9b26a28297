"""Each rule of the checker (budgets/checker) against an altered copy of a real document.

A real document's facts (the fixtures) are rendered as its template's PDF and read once;
each case alters that copy in one place (a line's words replaced, a table cell as the
readers read its grid, or a table's pages left out) and checks it: the case's rule reports
the alteration, on its page, and a text rule (T…) or a rule of the tables read (P…) had
nothing to say there before. ``CASES`` holds at least one case per rule
(``test_every_rule_has_a_triggering_case``). Where each rule stays silent on the published
documents themselves is pinned in tests/test_checker.py.
"""

import copy
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction

from budgets.checker import engine, rules
from budgets.checker.base import PARSED
from budgets.checker.context import Context, family_of
from budgets.checker.text import Text, flatten
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.models import Document
from budgets.importers import pdf, registry
from budgets.rendering.document import render

pytestmark = [pytest.mark.disclosures, pytest.mark.django_db]

FIXTURES = ("templates", "shanghai_putuo", "jiangsu_provincial")
FINAL = "中共上海市普陀区委社会工作部2024年度部门决算"
BUDGET = "上海市普陀区人民政府万里街道办事处2024年部门预算"
BUDGET_2023 = "上海市普陀区人民政府万里街道办事处2023年部门预算"
JIANGSU = "中共江苏省委办公厅2018年部门预算"


@dataclass(frozen=True)
class Case:
    """``old`` replaced by ``new`` in the first line printing it (on a page printing the
    line ``title``, if given); with ``cell``, the first table cell reading ``old`` in a row
    that has a cell reading ``row`` reads ``new`` instead; with ``drop``, the pages printing
    the title ``old`` left out."""

    rule: str
    document: str
    old: str
    new: str = ""
    drop: bool = False
    cell: bool = False
    row: str = ""
    title: str = ""
    #: Whether a finding names the altered page (a table not printed names none).
    placed: bool = True


CASES = [
    Case(
        "T01", FINAL, "中共上海市普陀区委社会工作部2024年度无“三公”", "上海市XX局2024年度无“三公”"
    ),
    Case(
        "T02",
        FINAL,
        "七、财政拨款“三公”经费支出决算情况说明",
        "七、财政拨款“三公”经费支出决算情况说明（不涉及的不列）",
    ),
    Case("T03", FINAL, "增加10.23万元，增长100.00%", "增加（减少）10.23万元，增长（下降）100.00%"),
    Case("T04", FINAL, "社会工作部2024年度部门决算情况说明", "社会工作部2023年度部门决算情况说明"),
    Case("T04", BUDGET, "2024年部门预算编制说明", "2025年部门预算编制说明"),
    Case("T04", BUDGET, "截至2023年8月31日", "截至2025年8月31日"),
    Case("T05", BUDGET, "比2023年预算执行数减少57.14%", "比2022年预算执行数减少57.14%"),
    Case(
        "T06",
        BUDGET,
        "编制部门：上海市普陀区人民政府万里街道办事处",
        "编制部门：上海市普陀区人民政府长征街道办事处",
    ),
    Case("T07", BUDGET, "比2023年预算执行数增加46.19%", "比2023年预算执行数减少46.19%"),
    Case(
        "T07",
        FINAL,
        "决算数小于全年预算数的主要原",
        "决算数大于全年预算数的主要原",
    ),
    Case("T07", BUDGET, "比2023年预算执行数增加46.19%", "比2023年预算执行数增加38.08万元"),
    Case("T08", JIANGSU, "增长4.41%", "增长5.41%"),
    Case("T08", FINAL, "完成全年预算数的98.69%", "完成全年预算数的89.69%"),
    Case("T09", JIANGSU, "增长4.41%", "增长4.40%"),
    Case("T10", BUDGET, "2024年部门支出预算总表", drop=True),
    Case("T11", FINAL, "主要原因是单位于2024年成立。", "主要原因是单位于2024年成立。。"),
    Case("T12", FINAL, "工程采购金额0.00万元", "工程采购金额5.00万元"),
    Case("T12", BUDGET, "共有车辆7辆", "共有车辆9辆"),
    # The import's own checks, by kind (tables read from their grids: a cell altered).
    Case("A01", BUDGET, "426,000", "436,000", cell=True, row="一般行政管理事务"),
    Case("A02", BUDGET, "2,932,700", "2,942,700", cell=True, row="一、一般公共服务支出"),
    Case("A03", FINAL, "本年收入合计307.82万元", "本年收入合计317.82万元"),
    Case("A04", BUDGET, "201", "7", cell=True, row="专项普查活动"),
    Case("A05", BUDGET, "一、财政拨款收入", "一、捐赠收入", cell=True),
    Case("A06", BUDGET, "2,932,700", "2,932,701", cell=True, row="一般公共服务支出"),
    Case("A07", BUDGET, "预算安排25.77万元", "预算安排35.77万元"),
    Case("A08", BUDGET, "七、卫生健康支出", "七、医疗卫生与计划生育支出", cell=True),
    Case(
        "A09",
        JIANGSU,
        "财政拨款政府性基金支出预算表",
        "（本页以下为另一张表）",
        title="一般公共预算机关运行经费支出预算表",
        placed=False,
    ),
    Case(
        "A10",
        BUDGET,
        "6.上海市普陀区万里街道综合行政执法队。",
        "6.上海市普陀区万里街道综合行政执法队不单列预算，并入本部。",
    ),
    Case("A11", BUDGET_2023, "6,351,000.00", "6,051,000.00", cell=True, row="项目资金总额"),
    Case("P01", BUDGET, "涉及项目预算资金5634.81万元", "涉及项目预算资金9634.81万元"),
    Case("P02", FINAL, "机关运行经费支出10.23万元", "机关运行经费支出20.23万元"),
    Case(
        "P03",
        BUDGET,
        "“住房保障支出（类）住房改革支出（款）住房公积金（项）”",
        "“住房保障支出（221类）住房改革支出（02款）事业单位医疗（01项）”",
    ),
    Case("R01", FINAL, "支出决算表", drop=True),
]
#: The import's problems of no kind ``imported`` lists (none the real documents or the
#: cases above make): still reported, by R00 and R02.
FALLBACKS = ("R00", "R02")


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{title: [registry.SourceFile]} of the documents the cases alter: their facts rendered
    in their template's plain look and read, in a transaction rolled back after the
    module (the checker's reader needs the templates)."""
    titles = {case.document for case in CASES}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *FIXTURES, verbosity=0)
        documents = Document.objects.filter(title__in=titles)
        yield {
            document.title: registry.source_files(
                [(file.name, file.data) for file in render(document).files], extractor=pdf.extract
            )
            for document in documents
        }
        transaction.set_rollback(True)


def altered(files, case):
    """A copy of ``files`` with the case's alteration, and (file, page) where it is."""
    files = copy.deepcopy(files)
    for source in files:
        for page in source.content.pages:
            if case.drop and case.old in [flatten(line) for line in page.lines]:
                source.content.pages.remove(page)
                return files, (source.name, None)
            if case.title and case.title not in [flatten(line) for line in page.lines]:
                continue
            if case.cell and alter_cell(page, case):
                return files, (source.name, page.number)
            for index, line in enumerate(page.lines):
                if not case.drop and not case.cell and case.old in line:
                    page.lines[index] = line.replace(case.old, case.new, 1)
                    return files, (source.name, page.number)
    raise AssertionError(f"{case.old!r} is not printed in {case.document}")


def alter_cell(page, case):
    """Whether ``page`` has the case's cell, now altered (its lines are left as they are:
    the readers read a table's grid)."""
    for table in page.tables:
        for row in table:
            if case.old in row and (not case.row or case.row in row):
                row[row.index(case.old)] = case.new
                return True
    return False


def findings(files, rule):
    return [f for f in engine.check_sources(copy.deepcopy(files)).findings if f.rule == rule]


def test_every_rule_has_a_triggering_case():
    assert {case.rule for case in CASES} | set(FALLBACKS) == set(rules.RULES)


#: “T07-2”: the rule and the case's number among the rule's.
IDS = [
    f"{case.rule}-{[c.rule for c in CASES[: n + 1]].count(case.rule)}"
    for n, case in enumerate(CASES)
]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_rule_reports_the_alteration_where_it_is(rendered, case):
    files = rendered[case.document]
    before = findings(files, case.rule)
    changed, (file, page) = altered(files, case)
    after = [finding for finding in findings(changed, case.rule) if finding not in before]
    assert after, f"{case.rule} did not report {case.new or case.old!r}"
    if page is not None and case.placed:
        assert (file, page) in {(finding.file, finding.page) for finding in after}, after
    if case.rule.startswith(("T", "P")):
        assert not before, f"{case.rule} is not silent on {case.document} as rendered: {before}"


def test_the_table_of_contents_names_the_missing_table(rendered):
    case = next(case for case in CASES if case.rule == "T10")
    changed, _where = altered(rendered[case.document], case)
    (finding,) = findings(changed, "T10")
    assert finding.page == 2 and finding.table == "3.2024年部门支出预算总表"


def test_a_refused_document_names_the_missing_table_and_is_still_checked(rendered):
    case = next(case for case in CASES if case.rule == "R01")
    changed, _where = altered(rendered[case.document], case)
    changed, _where = altered(
        changed,
        Case(
            "T01", FINAL, "上海市普陀区委社会工作部2024年度无政府性", "上海市XX局2024年度无政府性"
        ),
    )
    report = engine.check_sources(changed)
    (refusal,) = [finding for finding in report.findings if finding.rule == "R01"]
    assert "支出决算表" in refusal.message
    assert [finding.rule for finding in report.findings if finding.rule == "T01"] == ["T01"]
    assert not report.documents[0].read


def test_a_problem_of_no_kind_listed_is_still_reported(rendered):
    """By R00 (an error) or R02 (a warning), with its table and row, and by no A… rule."""
    (group,) = registry.group_files(copy.deepcopy(rendered[BUDGET]))
    parsed, _refusal = engine.read(group)
    parsed.errors.append(Disagreement("某表", "某行", "新的核对发现的问题"))
    parsed.warnings.append(Disagreement("某表", "某行", "提示：新的核对的提示"))
    context = Context(
        label=group.label,
        identity=group.identity,
        family=family_of(group.identity),
        text=Text([(source.name, source.content.pages) for source in group.files]),
        parsed=parsed,
    )
    found = {
        rule.id: [
            (finding.table, finding.row, finding.message) for finding in rule.findings(context)
        ]
        for rule in rules.applicable(context.family, PARSED)
    }
    assert found["R00"] == [("某表", "某行", "新的核对发现的问题")]
    assert found["R02"] == [("某表", "某行", "新的核对的提示")]
    assert all(
        ("某表", "某行") not in {(table, row) for table, row, _message in found[rule]}
        for rule in found
        if rule not in FALLBACKS
    )
