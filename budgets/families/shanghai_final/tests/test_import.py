"""上海 部门决算 (final accounts): both real documents import through ``import_disclosure``
(财政局 only with --force: its 情况说明 disagrees with its tables), every table is rebuilt
cell for cell from the stored facts, altered copies are refused naming each altered place,
and a 决算's public pages render."""

import re
from decimal import Decimal

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from budgets.disclosures.models import (
    CarryOver,
    Document,
    Finding,
    Procurement,
    RestrictedSpending,
    Statement,
)
from budgets.disclosures.tables import Code, load_facts, published_tables
from budgets.families.shanghai_final.reader import READER
from budgets.importers.registry import read_content
from budgets.organisations.models import Profile

from .documents import FINANCE, SOCIAL

W = Decimal(10000)  # 元 per 万元


def changed_copy(source, target, page_number, printed, replacement):
    """A copy of ``source`` with one printed figure on one page rewritten in its content
    stream, glyph by glyph, in whichever of the page's fonts prints it (these PDFs print
    figures in a font of their own)."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[page_number - 1]
        stream = page.Contents.read_bytes()
        for font in page.Resources.Font.values():
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            codes = {
                chr(int(unicode, 16)): code
                for code, unicode in re.findall(r"<([0-9A-F]{4})>\s*<([0-9A-F]{4})>", cmap)
            }
            if not set(printed + replacement) <= set(codes):
                continue
            pattern = rb"[^<]*?".join(re.escape(f"<{codes[char]}>Tj".encode()) for char in printed)
            match = re.search(pattern, stream)
            if match:
                break
        else:
            raise AssertionError(f"{printed} not found on page {page_number}")
        new = old = match.group(0)
        for before, after in zip(printed, replacement, strict=True):
            if before != after:
                new = new.replace(f"<{codes[before]}>Tj".encode(), f"<{codes[after]}>Tj".encode())
        page.Contents.write(stream.replace(old, new, 1))
        pdf.save(target)
    return target


def wan(text):
    return Decimal(text) * W


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def run_import(path, *options):
    call_command("import_disclosure", str(path), "--publish", *options, verbosity=0)


def document_of(name):
    return Document.objects.get(organisation__name=name, year=2024, stage="final_accounts")


def cell(tables, number, row_label, column):
    """The cell of a built table in the row whose code or first text is ``row_label``."""
    table = tables[number - 1]
    names = [column_.name for column_ in table.columns]
    for row in table.rows:
        first = row.cells[0]
        if (isinstance(first, Code) and first.code == row_label) or first == row_label:
            return row.cells[column if isinstance(column, int) else names.index(column)]
    raise AssertionError(f"row {row_label} not in table {number}")


def economic(tables, code):
    """The 决算数 of an economic code on either side of 表6."""
    for row in tables[5].rows:
        for side in (0, 3):
            first = row.cells[side]
            if (isinstance(first, Code) and first.code == code) or first == code:
                return row.cells[side + 2]
    raise AssertionError(code)


def right(tables, number, label, offset=0):
    """An amount on the right side of a 收支总表 row whose right label is ``label``."""
    for row in tables[number - 1].rows:
        if row.cells[2] == label:
            return row.cells[3 + offset]
    raise AssertionError(label)


def every_printed_cell_reproduced(path, document):
    """Each printed cell of each table equals the cell built from the stored facts."""
    content = read_content(path.name, path.read_bytes())
    parsed = READER.read([content], document.template)
    built = published_tables(load_facts(document))
    for table in built:
        printed = parsed.tables[table.number]
        for row in table.rows:
            keys = getattr(row, "keys", None)
            if keys is None:
                code = next((c.code for c in row.cells if isinstance(c, Code)), None)
                key = code or ("合计" if row.kind == "total" else None)
                keys = [
                    (key, column.key) if column.key and key else None for column in table.columns
                ]
            for value, key in zip(row.cells, keys, strict=True):
                if key is None or key[0].startswith("-"):
                    continue
                figure = printed.get(*key)
                assert (figure or Decimal(0)) == (value or Decimal(0)), (table.title, key)
                assert (figure is None) == (value is None) or figure == 0 or value == 0, (
                    table.title,
                    key,
                )
    return built


def test_social_work_department_imports_and_every_table_is_as_printed(
    templates, disclosure, client
):
    path = disclosure(SOCIAL)
    run_import(path)
    document = document_of("中共上海市普陀区委社会工作部")
    assert document.template.code == "shanghai-final-accounts"
    assert document.amount_unit == "万元"
    assert document.organisation.region.code == "310107"
    # Only rounding notes: 302 printed 10.23, its 款 add up to 10.22.
    assert all(f.message.startswith("提示：") for f in Finding.objects.filter(document=document))
    tables = every_printed_cell_reproduced(path, document)
    # Typed from the PDF.
    assert tables[0].rows[0].cells == [
        "一、一般公共预算财政拨款收入",
        wan("307.82"),
        "一、一般公共服务支出",
        wan("264.87"),
    ]
    assert right(tables, 1, "十九、住房保障支出") == wan("29.42")
    assert right(tables, 1, "本年支出合计") == wan("307.82")
    assert right(tables, 1, "总计") == wan("307.82")
    assert right(tables, 1, "年末结转和结余") is None
    assert cell(tables, 2, "合计", "本年收入合计") == wan("307.82")
    assert cell(tables, 2, "208", "财政拨款收入") == wan("10.82")
    assert cell(tables, 3, "合计", "基本支出") == wan("105.58")
    assert cell(tables, 3, "201", "项目支出") == wan("202.24")
    assert cell(tables, 3, "2013999", "基本支出") is None
    assert right(tables, 4, "本年支出合计", 1) == wan("307.82")
    assert cell(tables, 5, "合计", "合计") == wan("307.82")
    assert cell(tables, 5, "210", "基本支出") == wan("2.71")
    assert economic(tables, "301") == wan("95.36")
    assert economic(tables, "303") == Decimal("0.00")
    assert economic(tables, "人员经费合计") == wan("95.36")
    six = tables[5]
    assert six.rows[-1].cells[3:] == ["公用经费合计", "", wan("10.23")]
    assert tables[6].rows[0].cells == [None] * 12
    assert [row.cells[2:] for row in tables[7].rows] == [[None] * 6]
    # The narrative: completion of the 全年 budget though it says 年初, kept as a note.
    stated = Statement.objects.get(document=document, subject="一般公共预算财政拨款支出决算")
    assert (stated.amount, stated.completion_percent) == (wan("307.82"), Decimal("95.89"))
    item = Statement.objects.get(document=document, topic="function:2013901")
    assert (item.amount, item.comparison_amount, item.completion_percent) == (
        wan("51.32"),
        wan("52.00"),
        Decimal("98.69"),
    )
    # The public table page and the API show the same figures.
    document.status = "published"
    response = client.get(f"/org/{document.organisation_id}/2024/final/tables/")
    assert response.status_code == 200
    response = client.get(f"/api/documents/{document.pk}/tables/5/")
    assert response.status_code == 200
    assert '["合计", null, "307.82", "105.58", "202.24"]' in response.content.decode()


def test_finance_bureau_is_refused_then_imported_with_force(templates, disclosure):
    path = disclosure(FINANCE)
    with pytest.raises(CommandError) as refused:
        run_import(path)
    message = str(refused.value)
    assert (
        "情况说明 / 财政拨款收入支出总计：说明 0.30 万元 ≠ 财政拨款收入支出决算总表 2,961.68 万元"
        in message
    )
    assert "情况说明 / 一般公共服务支出（类）：所述占比 71.73% ≠ 按表计算 71.65%" in message
    assert message.count("情况说明 /") == 2
    assert not Document.objects.filter(stage="final_accounts").exists()
    run_import(path, "--force")
    document = document_of("上海市普陀区财政局")
    findings = [f.message for f in Finding.objects.filter(document=document)]
    assert sum(not message.startswith("提示：") for message in findings) == 2
    tables = every_printed_cell_reproduced(path, document)
    # Typed from the PDF: printed figures off the sums of their parts stay as printed.
    assert tables[0].rows[0].cells[1] == wan("2940.05")
    assert right(tables, 1, "八、社会保障和就业支出") == wan("326.71")
    assert right(tables, 1, "本年支出合计") == wan("2940.05")
    assert right(tables, 1, "年末结转和结余") == wan("55.34")
    assert right(tables, 1, "总计") == wan("2995.39")
    assert cell(tables, 2, "合计", "其他收入") == wan("6.20")
    assert cell(tables, 2, "2010602", "本年收入合计") == wan("16.19")
    assert cell(tables, 3, "2010601", "项目支出") == wan("8.37")
    assert cell(tables, 3, "208", "本年支出合计") == wan("326.72")
    assert right(tables, 4, "年末财政拨款结转和结余", 1) == wan("21.63")
    assert cell(tables, 5, "合计", "基本支出") == wan("2336.91")
    assert economic(tables, "302") == wan("171.07")
    assert economic(tables, "30103") is None
    three = tables[6].rows[0].cells
    assert (three[0], three[1], three[10], three[11]) == (wan("0.95"), None, wan("0.95"), None)
    carried = {(c.kind, c.source): c.amount for c in CarryOver.objects.filter(document=document)}
    assert carried == {
        ("opening", ""): wan("49.14"),
        ("closing", ""): wan("55.34"),
        ("opening", "general_public"): wan("21.63"),
        ("closing", "general_public"): wan("21.63"),
    }
    budget = RestrictedSpending.objects.get(document=document, period="budget")
    assert budget.reception == wan("0.95")


def test_procurement_parts_are_kept_as_printed_where_they_miss_the_total(templates, disclosure):
    """货物 4.79 + 工程 0 + 服务 246.47 = 251.26 万元 under a total of 251.25: every printed
    figure is stored, the difference is a note; figures typed by hand must still add up."""
    run_import(disclosure(FINANCE), "--force")
    document = document_of("上海市普陀区财政局")
    stored = Procurement.objects.get(document=document)
    printed = (wan("251.25"), wan("4.79"), wan("0"), wan("246.47"))
    assert (stored.total, stored.goods, stored.works, stored.services) == printed
    assert document.findings.filter(
        table="政府采购支出情况", message__startswith="提示：合计 251.25 万元 ≠ 货物+工程+服务"
    ).exists()
    stored.full_clean()
    stored.goods = wan("4.80")
    with pytest.raises(ValidationError):
        stored.full_clean()


@pytest.mark.parametrize(
    ("page", "printed", "replacement", "named"),
    [
        (5, "29.42", "39.42", "收入支出决算总表 / 十九、住房保障支出"),
        (13, "95.36", "96.36", "一般公共预算财政拨款基本支出决算表 / 301 工资福利支出"),
        (12, "51.32", "58.32", "支出决算表 / 2013901 行政运行"),
    ],
)
def test_altered_copy_is_refused_naming_table_and_row(
    templates, disclosure, tmp_path, page, printed, replacement, named
):
    copy = changed_copy(disclosure(SOCIAL), tmp_path / "altered.pdf", page, printed, replacement)
    with pytest.raises(CommandError) as refused:
        run_import(copy)
    assert named in str(refused.value)
    assert not Document.objects.filter(stage="final_accounts").exists()


def test_two_altered_places_are_both_named(templates, disclosure, tmp_path):
    first = changed_copy(disclosure(SOCIAL), tmp_path / "one.pdf", 5, "29.42", "39.42")
    both = changed_copy(first, tmp_path / "two.pdf", 13, "95.36", "96.36")
    with pytest.raises(CommandError) as refused:
        run_import(both)
    message = str(refused.value)
    assert "收入支出决算总表 / 十九、住房保障支出" in message
    assert "一般公共预算财政拨款基本支出决算表 / 301 工资福利支出" in message


def test_public_pages_of_a_final_accounts_document_render(templates, disclosure, client):
    run_import(disclosure(SOCIAL))
    document = document_of("中共上海市普陀区委社会工作部")
    org = document.organisation_id
    final = f"/org/{org}/2024/final/"  # a 决算's pages sit under the stage
    paths = [
        f"/org/{org}/",
        final,
        f"{final}tables/",
        *[f"{final}tables/{n}/" for n in range(1, 10)],
        f"{final}tables/1.csv",
        f"{final}tables/6.xlsx",
        f"{final}tables.xlsx",
        f"{final}function/",
        f"{final}function/201/",
        f"{final}dept-economic/",
        f"/org/{org}/2024/execution/",
        *[f"/api/documents/{document.pk}/tables/{n}/" for n in range(1, 10)],
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert client.get(f"/org/{org}/2024/").status_code == 404  # no budget of 2024
    page = client.get(f"{final}tables/6/").content.decode()
    assert "人员经费合计" in page and "95.36" in page
    # The year's profile (duties, assets) is the budget's: a 决算 writes none.
    assert not Profile.objects.filter(organisation_id=org, year=2024).exists()
