"""The fidelity gate: every amount a real document prints on its table pages is on the site in
the same table, row and column, and every amount the site serves is printed there.

The printed side is read by ``budgets.fidelity.printed`` from the PDF's words and ruling lines
alone; the served side is the official tables rebuilt from the stored facts, as the API serves
them. Hand-made pages pin down how the printed side is read; the real documents are checked
once per test session from the committed fixtures (which ``test_fixture_fidelity`` keeps equal
to what the importer makes of the same files)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgets.disclosures import tables
from budgets.disclosures.models import Document
from budgets.fidelity import gate
from budgets.fidelity.compare import compare
from budgets.fidelity.printed import printed_cells
from budgets.importers import pdf, registry
from budgets.importers.pdf import Page
from budgets.web.pages import doc_url

# ---------------------------------------------------------------------------
# The printed side, on pages made by hand: a ruled grid of three rows.


def grid_page(number=1, rows=(), title="收入预算表", height=800.0):
    """A Page printing ``title`` over a ruled grid: each row (code, name, *amounts) in
    cells 20 points high, codes at x 50, names at x 100, amounts right-aligned at 300, 400…"""
    words = [(title, 100.0, 200.0, 40.0, 50.0)]
    rulings = []
    top = 60.0
    for code, name, *amounts in rows:
        if code:
            words.append((code, 50.0, 80.0, top + 5, top + 15))
        words.append((name, 100.0, 100.0 + 10 * len(name), top + 5, top + 15))
        for index, amount in enumerate(amounts):
            right = 300.0 + 100 * index
            words.append((amount, right - 6 * len(amount), right, top + 5, top + 15))
        top += 20
    bottom = top
    for y in [60.0 + 20 * index for index in range(len(rows) + 1)]:
        rulings.append((40.0, 560.0, y, y))
    for x in (40.0, 90.0, 210.0, 310.0, 410.0, 560.0):
        rulings.append((x, x, 60.0, bottom))
    return Page(number=number, lines=[], height=height, words=words, rulings=rulings)


ROWS = [
    ("", "合计", "1,200.00", "1,000.00"),
    ("201", "一般公共服务支出", "1,200.00", "1,000.00"),
    ("2010301", "行政运行", "200.00", "0.00"),
]


def test_each_printed_amount_is_read_with_its_row_and_column():
    cells = printed_cells([grid_page(rows=ROWS)], [("2", "收入预算表")])
    read = [(cell.label, cell.column, cell.amount) for cell in cells]
    assert sorted(read) == sorted(
        [
            ("合计", 0, Decimal("1200.00")),
            ("合计", 1, Decimal("1000.00")),
            ("201一般公共服务支出", 0, Decimal("1200.00")),
            ("201一般公共服务支出", 1, Decimal("1000.00")),
            ("2010301行政运行", 0, Decimal("200.00")),
        ]
    )  # 0.00 is no printed amount; the codes 201 and 2010301 are no amounts
    assert {cell.table for cell in cells} == {"2"}


def test_whole_numbers_beside_amounts_count_and_a_page_number_does_not():
    page = grid_page(rows=[("", "合计", "1276.7", "80"), ("", "小计", "5", "")])
    # A page number printed inside the page's frame, alone in its row.
    page.words.append(("12", 290.0, 300.0, 700.0, 710.0))
    page.rulings += [(20.0, 580.0, 20.0, 20.0), (20.0, 580.0, 780.0, 780.0)]
    page.rulings += [(20.0, 20.0, 20.0, 780.0), (580.0, 580.0, 20.0, 780.0)]
    amounts = [cell.text for cell in printed_cells([page], [("9", "收入预算表")])]
    assert amounts == ["1276.7", "80"]


def test_what_lies_below_the_page_edge_or_after_the_tables_is_not_read():
    below = grid_page(rows=ROWS, height=90.0)  # rows from 60 down: only the first fits
    assert [cell.label for cell in printed_cells([below], [("2", "收入预算表")])] == ["合计"] * 2
    narrative = Page(
        number=2,
        lines=[],
        height=800.0,
        words=[("支出预算", 50.0, 90.0, 100.0, 110.0), ("9,999.00", 100.0, 140.0, 100.0, 110.0)],
    )
    cells = printed_cells([grid_page(rows=ROWS), narrative], [("2", "收入预算表")])
    assert Decimal("9999.00") not in {cell.amount for cell in cells}


def test_a_title_over_two_lines_starts_its_table_and_not_a_row_above_it():
    page = grid_page(rows=ROWS, title="公开 09 表：一般公共预算“三公”")
    page.words.append(("经费支出预算表", 100.0, 170.0, 52.0, 58.0))
    cells = printed_cells([page], [("9", "公开 09 表：一般公共预算“三公”经费支出预算表")])
    assert {cell.table for cell in cells} == {"9"}
    # The last row of one table, printed just above the next table's title, stays its own.
    first = grid_page(rows=ROWS, title="甲预算表")
    first.words.append(("乙预算表", 100.0, 140.0, 121.0, 129.0))
    read = printed_cells([first], [("1", "甲预算表"), ("2", "乙预算表")])
    assert {cell.table for cell in read if cell.label == "2010301行政运行"} == {"1"}


# ---------------------------------------------------------------------------
# The comparison, against a PublishedTable built by hand.


def served_table(rows):
    return tables.PublishedTable(
        number="2",
        title="收入预算表",
        kind="test",
        amount_unit="元",
        columns=[
            tables.Column("编码", "code"),
            tables.Column("名称"),
            tables.Column("合计", "amount"),
            tables.Column("财政拨款", "amount"),
        ],
        rows=[tables.Row(list(row)) for row in rows],
    )


def served(*rows):
    return [
        [code, name, *(None if value is None else Decimal(value) for value in values)]
        for code, name, *values in rows
    ]


def test_a_page_that_matches_cell_for_cell_passes():
    table = served_table(
        served(
            ("合计", "", "1200", "1000"),
            ("201", "一般公共服务支出", "1200", "1000"),
            ("2010301", "行政运行", "200", "0"),
        )
    )
    verdict = compare(printed_cells([grid_page(rows=ROWS)], [("2", "收入预算表")]), [table])
    assert verdict.ok
    assert (len(verdict.printed), len(verdict.served)) == (5, 5)


def test_a_figure_in_another_row_or_column_or_not_printed_is_named():
    table = served_table(
        served(
            ("合计", "", "1200", "1000"),
            ("201", "一般公共服务支出", "1000", "1200"),  # columns swapped
            ("2010301", "行政运行", "200", "0"),
            ("2010302", "一般行政管理事务", "5", None),  # the PDF prints no such row
        )
    )
    verdict = compare(printed_cells([grid_page(rows=ROWS)], [("2", "收入预算表")]), [table])
    assert not verdict.ok
    assert sorted((cell.label, cell.text) for cell in verdict.not_reproduced) == [
        ("201一般公共服务支出", "1,000.00"),
        ("201一般公共服务支出", "1,200.00"),
    ]
    assert sorted(
        (cell.row_label, cell.column_name, cell.amount) for cell in verdict.not_printed
    ) == [
        ("201 一般公共服务支出", "合计", Decimal("1000.00")),
        ("201 一般公共服务支出", "财政拨款", Decimal("1200.00")),
        ("2010302 一般行政管理事务", "合计", Decimal("5.00")),
    ]
    assert verdict.share("printed") == Decimal("60.0")


def test_a_renumbered_label_is_not_the_printed_one():
    table = served_table(served(("", "一、公共安全支出", "10", None)))
    page = grid_page(rows=[("", "四、公共安全支出", "10.00")])
    verdict = compare(printed_cells([page], [("2", "收入预算表")]), [table])
    assert [cell.text for cell in verdict.not_reproduced] == ["10.00"]


# ---------------------------------------------------------------------------
# The real documents.


#: Differences the real documents really print, each with the page a reader can check.
REAL_DIFFERENCES = {
    # 表3 and 表5 print 210 11 02 事业单位医疗 as “7 11 02” (p. 9 and p. 11): the site shows
    # the row under its 类 210, and the import keeps the misprint as a finding.
    "上海市普陀区社会福利院单位24年预算.pdf": {("3", "503,724"), ("5", "503,724")},
}


def documents_with_pages(disclosure):
    """Every committed fixture document with the pages of its files (each file's pages
    extracted once per test session, conftest.py)."""
    call_command("loaddata", "templates", "jiangsu_provincial", "shanghai_putuo", verbosity=0)
    for document in Document.objects.select_related("template").order_by("pk"):
        names = [name for name in document.source_name.split("、") if name.endswith(".pdf")]
        pages = []
        for name in names:
            pages += registry.read_content(name, disclosure(name).read_bytes()).pages
        yield document, names, pages


@pytest.mark.disclosures
@pytest.mark.django_db
def test_every_real_document_prints_what_the_site_serves(disclosure):
    """100% both ways on every table the gate enforces, but for the misprints listed."""
    report, wrong = [], []
    for document, names, pages in documents_with_pages(disclosure):
        verdict = gate.verdict(document, pages)
        expected = set().union(*(REAL_DIFFERENCES.get(name, set()) for name in names))
        found = {(cell.table, cell.text) for cell in verdict.not_reproduced}
        report.append(
            f"{document.title}: printed {len(verdict.printed)} ({verdict.share('printed')}%), "
            f"served {len(verdict.served)} ({verdict.share('served')}%)"
        )
        if found != expected or (verdict.not_printed and not expected):
            wrong.append(f"{document.title}: {gate.messages(verdict)[:10]}")
        assert len(verdict.printed) > 50, document.title
    print("\n".join(report))
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------
# The gate at import: a copy whose printed cell the reader does not see is refused.

#: One document per template family, a page of one of its enforced tables, a figure printed
#: there (typed from the PDF) and what the copy prints instead. Only the printed words change:
#: the template reader still reads the original figure, as a reader that misreads a cell would,
#: so only the gate can notice. (A copy changed for both sides is refused by the arithmetic
#: checks: the families' tests/test_import.py and shanghai_budget/tests/test_import_variants.py.)
TAMPERED = [
    ("上海市普陀区人民政府万里街道办事处24年预算.pdf", 29, "16,623,810", "16,623,811", "表8"),
    ("江苏省人民检察院2018年部门预算公开.pdf", 16, "3,666.00", "3,666.50", "表5"),
    ("中共上海市普陀区委社会工作部2024年度部门决算.pdf", 6, "6.18", "6.19", "表2"),
]


@pytest.fixture
def printing(monkeypatch):
    """Make the PDF print ``changed`` where page ``page`` prints ``printed`` (its words only)."""

    def change(page, printed, changed):
        extract = pdf.extract

        def extract_changed(data):
            pages, created = extract(data)
            target = pages[page - 1]
            assert any(word[0] == printed for word in target.words), (page, printed)
            target.words = [
                (changed if word[0] == printed else word[0], *word[1:]) for word in target.words
            ]
            return pages, created

        monkeypatch.setattr(pdf, "extract", extract_changed)

    return change


@pytest.mark.disclosures
@pytest.mark.django_db
@pytest.mark.parametrize("name, page, printed, changed, table", TAMPERED)
def test_a_copy_printing_another_figure_is_refused_naming_the_cell(
    disclosure, printing, client, name, page, printed, changed, table
):
    call_command("loaddata", "templates", verbosity=0)
    path = str(disclosure(name))
    printing(page, printed, changed)
    with pytest.raises(CommandError) as refused:
        call_command("import_disclosure", path, verbosity=0)
    message = str(refused.value)
    assert f"{table} / " in message
    assert f"第{page}页印有 {changed}" in message
    assert f"为 {Decimal(printed.replace(',', ''))}，文件该行该栏未印此数" in message
    assert not Document.objects.exists()

    call_command("import_disclosure", "--force", "--publish", path, verbosity=0)
    document = Document.objects.get()
    stored = [f.message for f in document.findings.filter(table=table)]
    assert any(f"第{page}页印有 {changed}" in text for text in stored)
    url = doc_url(document)
    assert f"第{page}页印有 {changed}" in client.get(url).content.decode()
    api = client.get(reverse("api:document", kwargs={"pk": document.pk})).json()
    assert any(f"第{page}页印有 {changed}" in finding["message"] for finding in api["findings"])


@pytest.mark.disclosures
@pytest.mark.django_db
def test_the_untouched_document_imports_through_the_gate(disclosure):
    call_command("loaddata", "templates", verbosity=0)
    call_command("import_disclosure", str(disclosure(TAMPERED[0][0])), verbosity=0)
    document = Document.objects.get()
    assert not document.findings.exclude(message__startswith="提示：").exists()
