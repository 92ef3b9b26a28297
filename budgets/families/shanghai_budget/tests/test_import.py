"""Importing the four Shanghai PDFs: the app's totals (computed from the stored facts by
the shared arithmetic) equal the printed totals, typed here by hand from the PDFs; a
re-import changes nothing; a corrupted file is refused and leaves the database as it was."""

import re
from decimal import Decimal

import pikepdf
import pytest
from django.core.management import CommandError, call_command

from budgets.disclosures import arithmetic
from budgets.disclosures.models import (
    Document,
    Finding,
    FunctionExpenditure,
    PrintedSubtotal,
    Statement,
)
from budgets.organisations.models import Organisation, Region

pytestmark = [pytest.mark.disclosures, pytest.mark.django_db]

OFFICE_UNIT = "上海市普陀区人民政府办公室单位25年预算.pdf"
OFFICE_DEPARTMENT = "上海市普陀区人民政府办公室25年预算.pdf"
WANLI_2024 = "上海市普陀区人民政府万里街道办事处24年预算.pdf"
WANLI_2025 = "上海市普陀区人民政府万里街道办事处25年预算.pdf"
OFFICE = "上海市普陀区人民政府办公室"
WANLI = "上海市普陀区人民政府万里街道办事处"


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def run_import(path, *options):
    call_command("import_disclosure", str(path), "--publish", *options, verbosity=0)


def totals(document):
    """What the app computes from the stored facts."""
    lines = list(document.functionexpenditures.select_related("function"))
    economic = list(document.economicexpenditures.select_related("dept_economic"))
    by_function = arithmetic.rollup(lines, lambda line: line.function.code, (3, 5, 7))
    by_economic = arithmetic.rollup(economic, lambda line: line.dept_economic.code, (3, 5))
    split = arithmetic.split_of(lines)
    return {
        "revenue": arithmetic.total_of(line.amount for line in document.revenuelines.all()),
        "total": split.total,
        "basic": split.basic,
        "project": split.project,
        "personnel": arithmetic.split_of(economic).personnel,
        "running": arithmetic.split_of(economic).running,
        "function": {code: value.total for code, value in by_function.items()},
        "basic_by_function": {code: value.basic for code, value in by_function.items()},
        "economic": {code: value.total for code, value in by_economic.items()},
    }


def yuan(text):
    return Decimal(text.replace(",", ""))


def statement(document, topic, subject):
    return document.statements.get(topic=topic, subject=subject)


def test_unit_document_2025(templates, disclosure):
    run_import(disclosure(OFFICE_UNIT))
    document = Document.objects.get(organisation__name=OFFICE, scope="unit", year=2025)
    assert_office_unit_tables(document)
    assert_office_unit_narrative(document)
    assert not document.findings.exists()


def assert_office_unit_tables(document):
    """The 2025 unit document of 区政府办公室: its tables as stored."""
    assert document.status == "published"
    assert document.organisation.kind == "unit"
    assert document.amount_unit == "元"
    assert document.amount_places == 2  # printed to the cent: 91,016,775.35
    assert document.source_name == OFFICE_UNIT
    assert len(document.source_sha256) == 64
    computed = totals(document)
    assert computed["revenue"] == yuan("91,016,775.35")
    assert computed["total"] == yuan("91,016,775.35")
    assert computed["basic"] == yuan("24,606,775.35")
    assert computed["project"] == yuan("66,410,000.00")
    assert computed["personnel"] == yuan("22,473,997.81")
    assert computed["running"] == yuan("2,132,777.54")
    assert computed["function"]["201"] == yuan("82,096,797.42")
    assert computed["function"]["208"] == yuan("4,213,779.28")
    assert computed["function"]["210"] == yuan("1,097,073.43")
    assert computed["function"]["221"] == yuan("3,609,125.22")
    assert computed["function"]["2010399"] == yuan("20,120,000.00")
    assert computed["basic_by_function"]["2010301"] == yuan("11,919,501.84")
    assert computed["economic"]["301"] == yuan("21,170,337.81")
    assert computed["economic"]["30217"] == yuan("185,000.00")
    assert computed["economic"]["310"] == yuan("200,000.00")
    # The name that wraps onto a second line in the PDF is stored whole.
    line = FunctionExpenditure.objects.get(document=document, function__code="2010399")
    assert line.function.name == "其他政府办公厅（室）及相关机构事务支出"
    # 表1's 人员/公用 by 类, printed only in the unit document.
    splits = {split.function.code: split for split in document.basicexpendituresplits.all()}
    assert splits["201"].personnel == yuan("13,819,399.88")
    assert splits["201"].running == yuan("1,867,397.54")
    assert splits["208"].running == yuan("265,380.00")
    assert splits["221"].running is None
    # 表9 is printed in 万元 and stored exactly in 元.
    restricted = document.restrictedspendings.get(period="current")
    assert arithmetic.three_public_total(restricted) == yuan("8,675,000.00")  # 867.50 万元
    assert restricted.outbound_travel == yuan("8,390,000.00")
    assert restricted.reception == yuan("285,000.00")
    assert restricted.vehicle_purchase is None
    assert restricted.administrative_running == yuan("2,132,800.00")  # 213.28 万元
    # Empty tables keep their printed note.
    note = document.tablenotes.get(table__number="6")
    assert note.title == "2025年预算单位政府性基金预算支出功能分类预算表"
    assert note.note == "注:本单位2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"


def assert_office_unit_narrative(document):
    """The 2025 unit document of 区政府办公室: its narrative and profile as stored."""
    revenue = statement(document, "revenue", "财政拨款收入")
    assert revenue.amount == yuan("91,016,800.00")  # 9,101.68 万元
    assert revenue.direction == "decrease"
    assert revenue.change_amount == yuan("23,895,200.00")  # 2,389.52 万元
    assert revenue.reason == "项目调整"
    item = statement(
        document,
        "function:2010302",
        "一般公共服务支出-政府办公厅（室）及相关机构事务-一般行政管理事务",
    )
    assert item.amount == yuan("46,140,000.00")  # 4,614 万元
    assert statement(document, "three_public", "“三公”经费").direction == "flat"
    coverage = statement(document, "performance_coverage", "编报绩效目标的项目")
    assert (coverage.count, coverage.amount) == (11, yuan("66,260,000.00"))
    procurement = document.procurements.get()
    assert procurement.total == procurement.services == yuan("340,000.00")
    assert procurement.reserved_for_small_micro == yuan("340,000.00")
    # The profile: duties and the ten internal offices.
    profile = document.organisation.profiles.get(year=2025)
    assert profile.items.filter(kind="duty").count() == 14
    offices = profile.items.filter(kind="office").order_by("number")
    assert [office.title for office in offices][:2] == ["秘书科（联络科）", "组织人事科"]
    assert offices.count() == 10
    assert profile.vehicles == 0 and profile.equipment_threshold == yuan("1,000,000.00")
    assert str(profile.assets_as_of) == "2024-08-31"


def test_department_document_2025_and_its_unit(templates, disclosure):
    run_import(disclosure(OFFICE_UNIT))
    unit = Organisation.objects.get(name=OFFICE, kind="unit")
    assert unit.parent is None  # no department known yet
    run_import(disclosure(OFFICE_DEPARTMENT))
    department = Organisation.objects.get(name=OFFICE, kind="department")
    unit.refresh_from_db()
    assert unit.parent == department  # 本部: linked once the department is imported
    # 交流服务中心 “不单列预算，并入本部” is not a budget unit.
    assert list(department.units.values_list("name", flat=True)) == [OFFICE]
    document = Document.objects.get(organisation=department, year=2025, scope="department")
    assert document.amount_places == 2
    assert not document.printedsubtotals.exists()
    computed = totals(document)
    assert computed["total"] == yuan("91,016,775.35")
    assert computed["basic"] == yuan("24,606,775.35")
    assert computed["project"] == yuan("66,410,000.00")
    assert computed["personnel"] == yuan("22,473,997.81")
    assert computed["function"]["201"] == yuan("82,096,797.42")
    assert not document.basicexpendituresplits.exists()  # 表1 prints no split here
    project = document.projects.get()
    assert project.name == "区政府督查及建议提案工作业务经费"
    assert project.description.startswith("一、项目概述主要推进区委、区政府年度重点工作")
    assert Region.objects.get(code="310107").parent.code == "310000"


def test_wanli_2024(templates, disclosure):
    run_import(disclosure(WANLI_2024))
    document = Document.objects.get(organisation__name=WANLI, year=2024)
    assert document.scope == "department"
    assert document.amount_places == 0  # printed in whole 元: 156,211,123
    assert not document.printedsubtotals.exists()  # every subtotal is the sum of its rows
    computed = totals(document)
    assert computed["revenue"] == yuan("156,211,123")
    assert computed["total"] == yuan("156,211,123")
    assert computed["basic"] == yuan("99,706,020")
    assert computed["project"] == yuan("56,505,103")
    assert computed["personnel"] == yuan("88,537,451")
    assert computed["running"] == yuan("11,168,569")
    assert computed["function"]["212"] == yuan("119,385,303")
    assert computed["function"]["20899"] == yuan("7,812,394")
    # “301 2” is printed without its leading zero: 30102 津贴补贴.
    assert computed["economic"]["30102"] == yuan("16,623,810")
    assert computed["economic"]["302"] == yuan("11,168,569")
    restricted = document.restrictedspendings.get(period="current")
    assert arithmetic.three_public_total(restricted) == yuan("479,100")  # 47.91 万元
    assert restricted.vehicle_purchase == yuan("250,000")
    assert restricted.vehicle_operation == yuan("215,600")
    assert restricted.administrative_running == yuan("4,431,800")  # 443.18 万元
    # 表9 prints figures and a note calling it empty: both kept, and a finding says so.
    assert "故本表为空表" in document.tablenotes.get(table__number="9").note
    assert document.findings.filter(message__contains="表注称本表为空表").exists()
    # The narrative states 住房公积金 as 350.35 and, in the same item, 352.67 万元.
    assert document.findings.filter(message__contains="352.67").exists()
    item = statement(
        document, "function:2210201", "住房保障支出（类）住房改革支出（款）住房公积金（项）"
    )
    assert item.amount == yuan("3,503,500")
    assert item.comparison == "2023年预算执行数"
    assert item.comparison_amount == yuan("3,485,200")
    assert item.change_percent == Decimal("0.53")
    procurement = document.procurements.get()
    assert procurement.total == yuan("16,624,400")
    assert (procurement.goods, procurement.works, procurement.services) == (
        yuan("939,800"),
        yuan("8,158,700"),
        yuan("7,525,900"),
    )
    assert procurement.reserved_for_sme == yuan("6,649,800")
    department = document.organisation
    assert department.units.count() == 6
    profile = department.profiles.get(year=2024)
    assert profile.vehicles == 7 and profile.vehicles_planned == 1
    assert profile.vehicle_counts.get(category="其他用车").held == 7


def test_wanli_2025_rounding_and_second_year(templates, disclosure):
    run_import(disclosure(WANLI_2024))
    run_import(disclosure(WANLI_2025))
    assert Organisation.objects.filter(name=WANLI).count() == 2  # department + its 本部 unit
    department = Organisation.objects.get(name=WANLI, kind="department")
    assert list(department.documents.order_by("year").values_list("year", flat=True)) == [
        2024,
        2025,
    ]
    assert department.units.count() == 6
    document = department.documents.get(year=2025)
    computed = totals(document)
    assert computed["total"] == yuan("189,767,551")
    assert computed["basic"] == yuan("101,341,746")
    assert computed["project"] == yuan("88,425,805")
    assert computed["personnel"] == yuan("90,514,044")
    assert computed["running"] == yuan("10,827,702")
    assert computed["function"]["212"] == yuan("154,369,326")
    # Printed 21201 is 94,995,790 but its 项 add to 94,995,789: whole-元 rounding,
    # imported, with the difference recorded.
    assert computed["function"]["21201"] == yuan("94,995,789")
    assert document.findings.filter(row="21201 城乡社区管理事务", message__contains="舍入").exists()
    # The printed subtotal is kept, for the tables to show: 收入预算总表 (合计 and
    # 财政拨款收入), 支出预算总表 and 一般公共预算支出功能分类预算表 (合计). 212 is printed as
    # 154,369,326, 1 元 off its printed 款 but equal to its 项: nothing kept for it.
    assert document.amount_places == 0
    assert sorted(
        document.printedsubtotals.values_list("table__number", "row", "column", "amount")
    ) == [
        ("2", "21201", "fiscal", yuan("94,995,790")),
        ("2", "21201", "total", yuan("94,995,790")),
        ("3", "21201", "total", yuan("94,995,790")),
        ("5", "21201", "total", yuan("94,995,790")),
    ]
    restricted = document.restrictedspendings.get(period="current")
    assert arithmetic.three_public_total(restricted) == yuan("379,100")  # 37.91 万元
    assert restricted.administrative_running == yuan("4,646,400")  # 464.64 万元
    # The narrative names 2100717 wrongly (卫生健康支出（款）计划生育事务（项））: matched
    # by 类 and amount, kept as a statement of 2100717, and the mismatch is a 提示 finding.
    assert document.statements.filter(topic="function:2100717").exists()
    misnamed = document.findings.get(
        table="预算编制说明", row="卫生健康支出（类）卫生健康支出（款）计划生育事务（项）"
    )
    assert misnamed.message == (
        "提示：科目名称与支出预算总表不一致，按“类”和金额对应到 2100717 计划生育服务。"
    )
    assert document.findings.count() == 12
    assert document.statements.get(topic="three_public", subject="“三公”经费").change_amount == (
        yuan("100,000")
    )


def fact_counts():
    """Rows of every model that hangs off a document (found through its relations, so a
    new fact kind is counted without editing this test), and of the documents."""
    counts = {"Document": Document.objects.count()}
    for relation in Document._meta.related_objects:
        model = relation.related_model
        counts[model.__name__] = model.objects.count()
    return counts


def import_draft(path):
    """Import as a draft: a draft is re-imported in place (a published document's re-import
    becomes its correction, tests/test_corrections.py)."""
    call_command("import_disclosure", str(path), verbosity=0)


def test_reimport_updates_in_place(templates, disclosure):
    """A re-import replaces every fact kind once: the same counts, findings included."""
    path = disclosure(WANLI_2025)
    import_draft(path)
    counts = fact_counts()
    assert counts["Finding"] == 12 and counts["Statement"] == 51
    import_draft(path)
    assert fact_counts() == counts
    assert Organisation.objects.filter(kind="department").count() == 1


def test_reimport_replaces_printed_subtotals(templates, disclosure):
    path = disclosure(WANLI_2025)
    import_draft(path)
    import_draft(path)
    assert PrintedSubtotal.objects.count() == 4


def glyph_codes(page):
    """{character: 4-hex-digit glyph code} from the page font's ToUnicode map."""
    font = next(iter(page.Resources.Font.values()))
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    return {
        chr(int(unicode, 16)): code
        for code, unicode in re.findall(r"<([0-9A-F]{4})>\s*<([0-9A-F]{4})>", cmap)
    }


def changed_copy(source, target, page_number, printed, replacement):
    """A copy of ``source`` with one printed figure on one page rewritten in the content
    stream (same glyphs, so pdfplumber reads the new figure)."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[page_number - 1]
        codes = glyph_codes(page)
        stream = page.Contents.read_bytes()
        pattern = rb"[^<]*?".join(re.escape(f"<{codes[char]}>Tj".encode()) for char in printed)
        match = re.search(pattern, stream)
        assert match, f"{printed} not found on page {page_number}"
        old = match.group(0)
        new = old
        for before, after in zip(printed, replacement, strict=True):
            if before != after:
                new = new.replace(f"<{codes[before]}>Tj".encode(), f"<{codes[after]}>Tj".encode())
        page.Contents.write(stream.replace(old, new, 1))
        pdf.save(target)
    return target


def database_state():
    return (
        Document.objects.count(),
        FunctionExpenditure.objects.count(),
        Statement.objects.count(),
        Finding.objects.count(),
        Organisation.objects.count(),
    )


def test_changed_figure_is_refused_naming_table_and_row(templates, disclosure, tmp_path):
    source = disclosure(OFFICE_UNIT)
    # 表5 (page 14), 2010301 行政运行 基本支出: 11,919,501.84 → 11,919,501.94.
    changed = changed_copy(source, tmp_path / "changed.pdf", 14, "11,919,501.84", "11,919,501.94")
    run_import(source)
    before = database_state()
    with pytest.raises(CommandError) as refused:
        run_import(changed)
    message = str(refused.value)
    assert "未导入" in message
    assert "2025年预算单位一般公共预算支出功能分类预算表" in message
    assert "2010301 行政运行" in message
    assert "--force" in message
    assert database_state() == before
    document = Document.objects.get()
    assert totals(document)["basic_by_function"]["2010301"] == yuan("11,919,501.84")


def test_force_imports_with_findings(templates, disclosure, tmp_path):
    changed = changed_copy(
        disclosure(OFFICE_UNIT), tmp_path / "changed.pdf", 14, "11,919,501.84", "11,919,501.94"
    )
    run_import(changed, "--force")
    document = Document.objects.get()
    assert document.findings.filter(
        table="2025年预算单位一般公共预算支出功能分类预算表", row="2010301 行政运行"
    ).exists()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda data: data[: len(data) // 2], "不完整"),
        (lambda data: "这不是PDF文件".encode() * 100, "不是PDF"),
        (lambda data: data[:2000] + data[-1000:], "无法读取"),
    ],
    ids=["truncated", "not-a-pdf", "gutted"],
)
def test_damaged_file_is_refused(templates, disclosure, tmp_path, damage, expected):
    run_import(disclosure(WANLI_2024))
    before = database_state()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(damage(disclosure(OFFICE_UNIT).read_bytes()))
    with pytest.raises(CommandError) as refused:
        run_import(damaged)
    assert expected in str(refused.value)
    assert database_state() == before
