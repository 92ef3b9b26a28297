"""The rendering kit (budgets.rendering): every font reads back exactly, a table keeps every
row across pages, a variant is the same for the same seed, and ``render_disclosure`` writes
the PDF of a stored document."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budgets.disclosures.tables import Code, Column, PublishedTable, Row
from budgets.importers import project_forms
from budgets.importers.pdf import read_pdf
from budgets.rendering import fonts
from budgets.rendering.amounts import exact_wan
from budgets.rendering.document import draw_parts
from budgets.rendering.draw import TablePrint, Tables
from budgets.rendering.form import Form, FormBlock, FormList
from budgets.rendering.grid import Cell, spanning_labels
from budgets.rendering.sheet import Sheet, wrap
from budgets.rendering.style import GENERIC
from budgets.rendering.variant import Variant

TEXT = (
    "上海市普陀区2025年区级部门预算 单位：元 “三公”经费（含）1,234,567.89 201 03 01 政府办公厅(室)"
)


@pytest.mark.parametrize("key", sorted(fonts.FONTS))
def test_each_font_extracts_exactly(key):
    variant = dataclasses.replace(Variant(), body_font=key)
    sheet = Sheet(variant)
    sheet.text(variant.margin, variant.margin, TEXT, 9)
    page = read_pdf(sheet.pdf()).pages[0]
    assert page.lines == [TEXT]


def test_a_missing_font_names_its_package(monkeypatch):
    missing = fonts.Font("NoSuchFont", "/nonexistent/font.ttc", "fonts-no-such")
    monkeypatch.setitem(fonts.FONTS, "missing", missing)
    with pytest.raises(fonts.FontMissingError, match="fonts-no-such"):
        fonts.register("missing")


def long_table(rows):
    """A function table of ``rows`` 项 and a closing 合计, amounts in 元."""
    columns = [
        Column("功能分类科目编码", "code", (3, 2, 2)),
        Column("功能分类科目名称"),
        Column("合计", "amount", key="total"),
        Column("基本支出", "amount", key="basic"),
    ]
    body = [
        Row(
            [Code(f"20103{n:02d}", "function"), f"第{n}项支出", Decimal(f"{n}1234.5{n % 10}"), None]
        )
        for n in range(1, rows + 1)
    ]
    total = sum(row.cells[2] for row in body)
    body.append(Row(["合计", "", total, None], kind="total"))
    return PublishedTable(
        "3", "2025年部门支出预算总表", "expenditure_by_function", "元", columns, body
    )


@pytest.mark.parametrize("repeat", [True, False])
def test_a_table_across_pages_keeps_every_row(repeat):
    table = long_table(40)
    variant = dataclasses.replace(Variant(), rows_per_page=14, repeat_header=repeat)
    printed = TablePrint(table, table.title, ("编制部门：测试部门", "单位：元"), table.header())
    pages = read_pdf(draw_parts([Tables([printed])], variant, "")).pages
    assert len(pages) == 3
    words = [word[0] for page in pages for word in page.words]
    for row in table.rows:
        assert row.cells[1] in words or row.kind == "total"
        assert format(row.cells[2], ",.2f") in words
    headers = sum("功能分类科目名称" in word for word in words)
    assert headers == (3 if repeat else 1)
    assert sum(len(page.tables) for page in pages) == 3


def test_a_variant_is_drawn_again_from_its_seed():
    assert Variant.from_seed(7) == Variant.from_seed(7)
    assert len({Variant.from_seed(seed) for seed in range(20)}) > 15
    assert Variant.from_seed(None) == Variant()
    narrowed = {"grouping": (True,), "orientation": ("landscape",)}
    drawn = [Variant.from_seed(seed, narrowed) for seed in range(20)]
    assert {(variant.grouping, variant.orientation) for variant in drawn} == {(True, "landscape")}
    with pytest.raises(ValueError, match="no_such_knob"):
        Variant.from_seed(1, {"no_such_knob": (1,)})


def test_the_same_seed_prints_the_same_pages():
    table = long_table(12)

    def words(seed):
        variant = GENERIC.variant(seed)
        printed = TablePrint(table, table.title, header_rows=table.header())
        pages = read_pdf(draw_parts([Tables([printed])], variant, "")).pages
        return [page.words for page in pages]

    first = words(5)
    assert words(5) == first
    assert words(6) != first


@pytest.mark.django_db
def test_render_disclosure_writes_the_documents_pdf(putuo, tmp_path):
    call_command("render_disclosure", putuo.dept_2025.pk, "--out", str(tmp_path), verbosity=0)
    call_command(
        "render_disclosure", putuo.dept_2025.pk, "--out", str(tmp_path / "v"), "--variant", "3"
    )
    (path,) = tmp_path.glob("*.pdf")
    lines = [line for page in read_pdf(path.read_bytes()).pages for line in page.lines]
    assert "上海市普陀区2025年区级部门预算" in lines
    assert "2025年部门收入预算总表" in lines
    assert any(line.startswith("注:本部门2025年无政府性基金") for line in lines)
    (varied,) = (tmp_path / "v").glob("*.pdf")
    assert varied.read_bytes().startswith(b"%PDF-")


@pytest.mark.django_db
def test_render_disclosure_refuses_an_unknown_document(tmp_path):
    with pytest.raises(CommandError, match="没有编号为 999999"):
        call_command("render_disclosure", 999999, "--out", str(tmp_path))


def test_a_closing_mark_never_runs_past_the_width():
    """A 。 that would not fit goes down with the character before it (it may not start a
    line either): nothing is printed into the next cell."""
    text = "一二三四五六七八九十。一二三"
    size = 10.0
    width = fonts.width("一二三四五六七八九十", "uming", size)
    lines = wrap(text, "uming", size, width)
    assert lines == ["一二三四五六七八九", "十。一二三"]
    assert all(fonts.width(line, "uming", size) <= width + 0.01 for line in lines)


def test_a_note_is_printed_on_one_line_shrunk_to_fit():
    note = "注：" + "本表为空表，本部门无相关收支项目，" * 4
    table = long_table(3)
    variant = dataclasses.replace(Variant(), note_wrap="fit")
    printed = TablePrint(table, table.title, header_rows=table.header(), note=note)
    lines = [
        line
        for page in read_pdf(draw_parts([Tables([printed])], variant, "")).pages
        for line in page.lines
    ]
    assert note in lines


def test_a_label_spans_the_empty_cells_before_its_figure():
    """江苏's “当年支出小计” is drawn across the 功能分类 and 支出用途 columns."""
    cells = [
        Cell("当年收入小计", 0),
        Cell("1.00", 1, whole=True),
        Cell("当年支出小计", 2),
        Cell("", 3),
        Cell("", 4),
        Cell("1.00", 5, whole=True),
    ]
    merged = spanning_labels(cells)
    assert [(cell.text, cell.column, cell.colspan) for cell in merged] == [
        ("当年收入小计", 0, 1),
        ("1.00", 1, 1),
        ("当年支出小计", 2, 3),
        ("1.00", 5, 1),
    ]


def test_a_target_form_reads_back_as_printed():
    """A 绩效目标填报表 drawn by the kit is read by the importer's form reader, field by
    field, goal by goal and indicator by indicator, over two pages."""
    indicators = [("产出指标", "数量指标", f"指标{n}", f"≥{n}(次)") for n in range(1, 51)]
    indicators.append(("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"))
    form = Form(
        (1, 1, 1, 1, 1, 1, 1, 1),
        [
            FormBlock(
                [
                    Cell("财政项目支出绩效目标填报表", 0, 8),
                    Cell("项目名称", 0, row=1),
                    Cell("社区环境整治", 1, 3, row=1),
                    Cell("项目资金总额", 4, row=1),
                    Cell("4,563,800.00", 5, 3, row=1, whole=True),
                ],
                2,
            ),
            FormBlock(
                [
                    Cell("项目绩效目标", 0, rowspan=2),
                    Cell("项目总目标", 1, 4),
                    Cell("年度总体目标", 5, 3),
                    Cell("整治辖区内乱设摊。", 1, 4, row=1),
                    Cell("开展防汛防台工作。", 5, 3, row=1),
                ],
                2,
            ),
            FormList(
                [
                    Cell("一级指标", 1),
                    Cell("二级指标", 2),
                    Cell("三级指标", 3, 3),
                    Cell("指标值", 6, 2),
                ],
                [(1, 1), (2, 1), (3, 3), (6, 2)],
                indicators,
                merged=(0, 1),
                label="绩效指标",
            ),
        ],
    )
    variant = dataclasses.replace(Variant(), repeat_header=False)
    pages = read_pdf(draw_parts([form], variant, "")).pages
    assert len(pages) == 2
    (read,) = project_forms.read_forms(pages)
    assert read.name == "社区环境整治"
    assert read.amount("total") == Decimal("4563800.00")
    assert (read.overall_goal, read.annual_goal) == ("整治辖区内乱设摊。", "开展防汛防台工作。")
    assert read.indicators == indicators


def test_an_amount_in_wan_is_stated_exactly():
    assert exact_wan(Decimal("180.00")) == "0.018"
    assert exact_wan(Decimal("340000.00")) == "34.00"
    assert exact_wan(Decimal("12345.67")) == "1.234567"
