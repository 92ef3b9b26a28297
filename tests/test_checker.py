"""The checker (budgets/checker) as a budget office uses it: ``manage.py check_pdf`` on
published files, every finding in one report, the rules page.

The published documents themselves: the text rules report exactly what is listed in
``PUBLISHED``, each a real disagreement or slip of the document as printed, so each rule is
silent everywhere else. One altered copy of a real document carries six alterations at once
and every one is reported where it is.
"""

import io
import json

import openpyxl
import pikepdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgets.checker import engine, output, rules
from budgets.checker.base import Finding
from budgets.disclosures.models import Document
from budgets.families.shanghai_budget.rendering import ShanghaiBudgetStyle
from budgets.importers import pdf, registry
from budgets.rendering import document as rendering

#: (rule, page) of every finding of the text rules on each published document (the rules
#: of the tables read, P…, find nothing in them).
PUBLISHED = {
    "上海市普陀区人民政府万里街道办事处 2023年部门预算": [("T08", 6), ("T08", 7), ("T11", 35)],
    "上海市普陀区人民政府万里街道办事处 2024年部门预算": [("T08", 9)],
    "上海市普陀区人民政府万里街道办事处 2025年部门预算": [],
    "上海市普陀区人民政府办公室 2025年部门预算": [],
    "上海市普陀区人民政府办公室 2025年单位预算": [],
    "上海市普陀区司法局 2026年部门预算": [
        *[("T05", 8)] * 5,
        ("T07", 9),
        *[("T08", 9)] * 3,
        ("T11", 8),
    ],
    "上海市普陀区司法局 2026年单位预算": [
        ("T03", 6),
        ("T07", 6),
        ("T07", 7),
        ("T08", 6),
        ("T08", 6),
        ("T08", 7),
    ],
    "上海市普陀区社会福利院 2024年单位预算": [("T02", 16)],
    "上海市普陀区财政局 2024年部门决算": [("T08", 21)],
    "上海市普陀区财政局 2025年部门预算": [],
    "中共上海市普陀区委社会工作部 2024年部门决算": [("T02", 15), ("T02", 16), ("T09", 18)],
    "江苏省人大常委会办公厅 2017年部门预算": [],
    "江苏省人大常委会办公厅 2018年部门预算": [
        *[("T03", 19)] * 2,
        *[("T03", 20)] * 2,
        *[("T03", 28)] * 2,
        ("T03", 29),
        ("T08", 21),
        ("T09", 22),
        ("T11", 25),
    ],
    "江苏省人大常委会办公厅 2019年部门预算": [*[("T03", 9)] * 4, *[("T03", 16)] * 3],
    "江苏省人民检察院 2017年部门预算": [("T08", 22), ("T09", 19)],
    "江苏省人民检察院 2018年部门预算": [
        ("T08", 23),
        ("T08", 26),
        ("T08", 26),
        ("T09", 24),
        *[("T09", 25)] * 4,
        ("T09", 26),
    ],
    "江苏省人民检察院 2019年部门预算": [
        ("T08", 25),
        ("T08", 26),
        ("T08", 29),
        ("T09", 25),
        ("T09", 26),
        ("T09", 27),
        ("T09", 27),
        ("T09", 29),
    ],
    "中共江苏省委办公厅 2017年部门预算": [("T08", 8)],
    "中共江苏省委办公厅 2018年部门预算": [],
    "中共江苏省委办公厅 2019年部门预算": [("T09", 8), ("T09", 9)],
}


#: (rule, page) of every error of the import's own checks (A01–A05) on each published
#: document: each a real disagreement of the document with itself (the README lists them).
#: None: a problem whose table and row are printed nowhere as such (the 基本支出 by 类 against
#: the economic view; 江苏's narrative, in a file of its own).
IMPORTED_ERRORS = {
    "上海市普陀区司法局 2026年单位预算": [
        *[("A01", 8)] * 2,
        *[("A01", 11)] * 4,
        *[("A01", 14)] * 4,
        ("A02", 8),
        ("A02", 18),
        *[("A02", None)] * 2,
    ],
    "上海市普陀区社会福利院 2024年单位预算": [("A03", 6), ("A04", 9), ("A04", 11)],
    "上海市普陀区财政局 2024年部门决算": [("A03", 21), ("A03", 21)],
    "上海市普陀区财政局 2025年部门预算": [("A03", 7)] * 5,
    "江苏省人民检察院 2017年部门预算": [("A03", None)],
}
IMPORTED = ("A01", "A02", "A03", "A04", "A05")


def key(pair):
    return pair[0], pair[1] or 0


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


@pytest.mark.disclosures
def test_on_the_published_documents_the_text_rules_report_only_what_is_listed(
    templates, disclosure
):
    """All 24 files at once (江苏's narrative and tables PDFs pair up by their covers). The
    rules of the tables read (P…) are silent on every one; the import's own checks report
    their errors (A01–A05) where listed, and no problem of theirs falls back to R00/R02."""
    names = [name for family in registry.families() for d in family.documents for name in d.files]
    named = [(name, disclosure(name).read_bytes()) for name in names]
    report = engine.check_files(named, extractor=pdf.extract)
    found = {
        document.label: sorted(
            (finding.rule, finding.page)
            for finding in document.findings
            if finding.rule.startswith(("T", "P"))
        )
        for document in report.documents
    }
    assert found == {label: sorted(pairs) for label, pairs in PUBLISHED.items()}
    assert all(document.read for document in report.documents)
    imported = {
        document.label: sorted(
            ((f.rule, f.page) for f in document.findings if f.rule in IMPORTED), key=key
        )
        for document in report.documents
    }
    assert {label: pairs for label, pairs in imported.items() if pairs} == {
        label: sorted(pairs, key=key) for label, pairs in IMPORTED_ERRORS.items()
    }
    # Every problem the import's checks find in them is of a kind with its own rule.
    assert not [f for f in report.findings if f.rule in ("R00", "R02")]


# One copy, six alterations.

BUDGET = "上海市普陀区人民政府万里街道办事处2024年部门预算"
RENAMED = "上海市普陀区人民政府长征街道办事处"
#: (statement's words, altered words, the rule that must report it).
QUOTES = [
    ("主要用于专项普查活动", "主要用于XX活动", "T01"),
    ("2024年预算安排110.60万元", "2025年预算安排110.60万元", "T04"),
    ("比2023年预算执行数增加46.19%", "比2023年预算执行数减少46.19%", "T07"),
    ("比2023年预算执行数增加32.33%", "比2023年预算执行数增加42.33%", "T08"),
]


def edit_quote(document, old, new):
    (statement,) = [s for s in document.statements.all() if old in s.quote]
    statement.quote = statement.quote.replace(old, new)
    statement.save()


def page_printing(pages, words):
    """The number of the one page printing ``words``."""
    (page,) = {page.number for page in pages for line in page.lines if words in line}
    return page


@pytest.fixture
def altered_copy(db, monkeypatch, tmp_path):
    """(path, pages) of 万里街道 2024's facts rendered with six alterations: four words of
    its narrative, its 支出预算总表 left out, and the organisation in the header of its
    一般公共预算支出功能分类预算表 another."""
    call_command("loaddata", "templates", "shanghai_putuo", verbosity=0)
    document = Document.objects.get(title=BUDGET)
    for old, new, _rule in QUOTES:
        edit_quote(document, old, new)
    published = rendering.published_tables
    monkeypatch.setattr(
        rendering,
        "published_tables",
        lambda facts: [t for t in published(facts) if t.kind != "expenditure_by_function"],
    )
    unit_line = ShanghaiBudgetStyle.unit_line

    def renamed(self, table, document):
        left, right = unit_line(self, table, document)
        if table.kind == "general_public_basic_project_by_function":
            left = left.replace(document.organisation.name, RENAMED)
        return left, right

    monkeypatch.setattr(ShanghaiBudgetStyle, "unit_line", renamed)
    (rendered,) = rendering.render(document).files
    path = tmp_path / rendered.name
    path.write_bytes(rendered.data)
    pages, _created = pdf.extract(rendered.data)
    return path, pages


def check_pdf(*arguments):
    """(exit code, stdout) of ``manage.py check_pdf``."""
    out = io.StringIO()
    try:
        call_command("check_pdf", *map(str, arguments), stdout=out)
    except SystemExit as stopped:
        return stopped.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.disclosures
def test_check_pdf_reports_every_alteration_of_one_copy_where_it_is(altered_copy):
    path, pages = altered_copy
    code, printed = check_pdf(path, "--format", "json")
    assert code == 1
    (document,) = json.loads(printed)["documents"]
    found = {(f["rule"], f["page"]) for f in document["findings"]}
    for _old, new, rule in QUOTES:
        assert (rule, page_printing(pages, new)) in found, (rule, new)
    header = f"编制部门：{RENAMED}"
    assert ("T06", page_printing(pages, header)) in found
    # The table left out: the 目录 still lists it; the reader cannot read the document.
    (contents,) = [f for f in document["findings"] if f["rule"] == "T10"]
    assert contents["page"] == 2 and "支出预算总表" in contents["message"]
    assert not document["read"]
    assert [f["rule"] for f in document["findings"]].count("R01") == 1
    for finding in document["findings"]:
        assert set(finding) >= {"rule", "severity", "page", "table", "row", "message", "figures"}


@pytest.mark.disclosures
def test_the_text_report_opens_with_the_document_and_its_text_findings(altered_copy):
    path, _pages = altered_copy
    code, printed = check_pdf(path)
    lines = printed.splitlines()
    assert code == 1
    assert lines[0].startswith("《上海市普陀区人民政府万里街道办事处 2024年部门预算》")
    assert lines[1] == "  （文字）"
    assert lines[2].startswith("    错误 ")
    assert lines[-1].startswith("共 1 份文件：错误")


def test_the_text_report_groups_by_table_then_severity():
    findings = [
        Finding("R02", "warning", "提示甲", table="收入决算表", page=5),
        Finding("T11", "warning", "提示乙", page=9),
        Finding("R00", "error", "错误甲", table="收入决算表", page=5, row="合计"),
        Finding("T08", "error", "错误乙", page=12, line=3, text="原句"),
    ]
    report = engine.Report([engine.DocumentReport("某文件", ["a.pdf"], findings)])
    assert output.as_text(report).splitlines() == [
        "《某文件》（a.pdf）：错误 2，提示 2",
        "  （文字）",
        "    错误 T08 第12页第3行：错误乙",
        "      原文：原句",
        "    提示 T11 第9页：提示乙",
        "  收入决算表",
        "    错误 R00 第5页：合计：错误甲",
        "    提示 R02 第5页：提示甲",
        "共 1 份文件：错误 2，提示 2",
    ]


@pytest.mark.disclosures
def test_a_clean_document_exits_zero(db, tmp_path):
    call_command("loaddata", "templates", "shanghai_putuo", verbosity=0)
    document = Document.objects.get(title="上海市普陀区人民政府办公室2025年单位预算")
    (rendered,) = rendering.render(document).files
    path = tmp_path / rendered.name
    path.write_bytes(rendered.data)
    code, printed = check_pdf(path)
    assert code == 0
    assert "错误 0" in printed.splitlines()[0]


def blank_pdf(pages):
    document = pikepdf.new()
    for _number in range(pages):
        document.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_files_that_cannot_be_read_are_findings_not_failures(templates, settings):
    """Within the upload limits: a file with too many pages is not read at all."""
    settings.IMPORT_MAX_PAGES = 2
    report = engine.check_files([("long.pdf", blank_pdf(3)), ("note.pdf", b"not a pdf")])
    messages = [finding.message for finding in report.findings]
    assert [finding.rule for finding in report.findings] == ["R01", "R01"]
    assert "该PDF文件共3页，超过上限2页，未读取。" in messages[0]
    assert "不是PDF文件" in messages[1]
    assert report.has_errors


def test_check_pdf_refuses_xlsx_without_a_file_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="--out"):
        call_command("check_pdf", str(tmp_path / "a.pdf"), "--format", "xlsx")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("check_pdf", str(tmp_path / "missing.pdf"))


def test_the_xlsx_has_a_row_per_finding_and_no_cell_a_spreadsheet_would_evaluate():
    findings = [
        Finding("T01", "error", '=HYPERLINK("http://x")', "a.pdf", 3, 4, "+表", "-行", "@原文"),
        Finding("T11", "warning", "“。。”重复。", "a.pdf", 5, text="\t=1+1", figures=("-1",)),
    ]
    report = engine.Report([engine.DocumentReport("文件", ["a.pdf"], findings)])
    workbook = openpyxl.load_workbook(io.BytesIO(output.as_xlsx(report)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 1 + len(findings)
    assert rows[1][1:6] == ("T01", "错误", "a.pdf", 3, 4)
    for row in rows:
        for value in row:
            if isinstance(value, str):
                assert not value.startswith(("=", "+", "-", "@", "\t")), value


def test_the_rules_page_lists_every_rule(client, db):
    response = client.get(reverse("checker:rules"))
    page = response.content.decode()
    assert response.status_code == 200
    for rule in rules.all_rules():
        assert f'id="{rule.id}"' in page
        assert str(rule.title) in page
    assert "全部模板" in page


def test_the_rules_page_in_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("checker:rules"))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
