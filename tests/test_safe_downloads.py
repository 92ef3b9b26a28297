"""No download carries a live formula (OWASP “CSV injection”).

Organisation, project, indicator and catalogue names come from published documents and
admin input. Here every such name starts with a character a spreadsheet would evaluate
(=, +, -, @, tab, carriage return); every CSV and XLSX the site writes must still hold
them as text, and every amount as a number — a decrease (-0.10) included.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.models import Project, TableNote
from budgets.organisations.models import Organisation
from budgets.performance.models import Indicator, TargetSet, Task

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://x","点此")',
    "@SUM(A1)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Text fields whose values end up in official tables, by model.
HOSTILE_FIELDS = [
    (Organisation, ["name"]),
    (FunctionCode, ["name"]),
    (DepartmentEconomicCode, ["name"]),
    (GovernmentEconomicCode, ["name"]),
    (Project, ["name", "category", "subcategory", "summary"]),
    (TargetSet, ["name", "competent_department", "period"]),
    (Task, ["name"]),
    (Indicator, ["content", "value", "note"]),
    (TableNote, ["title", "note"]),
]


def make_hostile():
    """Prefix every name with one of the payloads (cycling), within each field's length."""
    count = 0
    for model, fields in HOSTILE_FIELDS:
        for instance in model.objects.all():
            for name in fields:
                field = model._meta.get_field(name)
                value = getattr(instance, name)
                if not value and name not in ("name", "value"):
                    continue
                hostile = PAYLOADS[count % len(PAYLOADS)] + value
                setattr(
                    instance, name, hostile[: field.max_length] if field.max_length else hostile
                )
                count += 1
            instance.save(update_fields=fields)
    return count


@pytest.fixture
def hostile(baoji_document, putuo):
    assert make_hostile() > 50
    return [baoji_document, putuo.dept_2024, putuo.dept_2025, putuo.unit_2025]


def download_paths(document):
    """Every download of a document, found in the URLconf by its route name."""
    kwargs = {"organisation": document.organisation_id, "year": document.year}
    positions = document.template.tables.values_list("position", flat=True)
    paths = [reverse("browse:document_xlsx", kwargs=kwargs)]
    for position in positions:
        paths.append(reverse("browse:table_csv", kwargs={**kwargs, "position": position}))
        paths.append(reverse("browse:table_xlsx", kwargs={**kwargs, "position": position}))
    return paths


def test_every_download_route_is_covered():
    """A new download route must be added to ``download_paths`` (and so checked here)."""

    def names(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns, f"{prefix}{pattern.namespace or ''}:")
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{prefix}{pattern.name}".lstrip(":")

    downloads = {
        name
        for name in names(get_resolver().url_patterns)
        if name.endswith(("csv", "xlsx")) and not name.startswith("admin")
    }
    # The region's 三公 downloads are checked the same way in tests/test_regions.py; the
    # checker's report in tests/test_checker_page.py.
    assert downloads == {
        "checker:report_xlsx",
        "browse:document_xlsx",
        "browse:table_csv",
        "browse:table_xlsx",
        "regions:three_public_csv",
        "regions:three_public_xlsx",
        # A region-year's bulk data (with its Parquet): checked in tests/test_bulk.py.
        "bulk:csv",
        "bulk:xlsx",
    }


def is_amount(text):
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def assert_safe_csv(content):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    for row in rows:
        for cell in row:
            if cell.lstrip(" ").startswith(TRIGGERS):
                assert is_amount(cell), f"unescaped formula in CSV: {cell!r}"
    return rows


def assert_safe_xlsx(content):
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    formulas = [(cell.parent.title, cell.coordinate, cell.value) for cell in cells]
    formulas = [entry for entry, cell in zip(formulas, cells, strict=True) if cell.data_type == "f"]
    assert formulas == []
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.lstrip(" ").startswith(TRIGGERS):
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    return workbook


@pytest.mark.parametrize("unit", [None, "yuan", "wan"])
def test_no_download_carries_a_formula(client, hostile, unit):
    escaped = 0
    for document in hostile:
        for path in download_paths(document):
            response = client.get(path, {"unit": unit} if unit else {})
            assert response.status_code == 200, path
            if path.endswith(".csv"):
                rows = assert_safe_csv(response.content)
                escaped += sum(cell.startswith("'") for row in rows for cell in row)
            else:
                workbook = assert_safe_xlsx(response.content)
                first = workbook.worksheets[0]
                name = Organisation.objects.get(pk=document.organisation_id).name
                assert first["A2"].value.startswith(name.replace("\r", ""))
                assert first["A2"].data_type == "s"
    assert escaped > 100  # the payloads did reach the CSVs, and were quoted there


def sheet_values(content, title):
    sheet = load_workbook(io.BytesIO(content))[title]
    return sheet, [list(row) for row in sheet.iter_rows()]


def test_names_arrive_as_the_text_they_are(client, hostile):
    baoji = hostile[0]
    kwargs = {"organisation": baoji.organisation_id, "year": baoji.year}
    workbook = client.get(reverse("browse:document_xlsx", kwargs=kwargs)).content
    _sheet, rows = sheet_values(workbook, "表5")
    names = {row[1].value for row in rows[4:]}
    expected = set(
        FunctionCode.objects.filter(year=2023, code__in=["2010350", "20103"]).values_list(
            "name", flat=True
        )
    )
    assert expected <= {name.strip() for name in names if name}
    assert any(name.startswith(TRIGGERS) for name in expected)
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("browse:table_csv", kwargs={**kwargs, "position": 5})
                ).content.decode("utf-8-sig"),
                newline="",
            )
        )
    )
    by_code = {row[0]: row for row in csv_rows}
    name = FunctionCode.objects.get(year=2023, code="2010350").name
    assert by_code["2010350"][1] == ("'    " + name if name.startswith(TRIGGERS) else "    " + name)


def test_amounts_stay_numbers_a_decrease_too(client, hostile):
    """Baoji's 公务接待费 went from 0.50 to 0.40 万元: the change, -0.10, is a number."""
    baoji = hostile[0]
    kwargs = {"organisation": baoji.organisation_id, "year": baoji.year, "position": 12}
    sheet, rows = sheet_values(
        client.get(reverse("browse:table_xlsx", kwargs=kwargs)).content, "表12"
    )
    header = [cell.value for cell in rows[2]]
    data = rows[3]
    column = {name: index for index, name in enumerate(header)}
    prior = data[column["上年公务接待费（万元）"]]
    current = data[column["当年公务接待费（万元）"]]
    change = data[column["增减变化情况公务接待费（万元）"]]
    for cell, expected in [(prior, "0.50"), (current, "0.40"), (change, "-0.10")]:
        assert cell.data_type == "n"
        assert not cell.quotePrefix
        assert Decimal(str(cell.value)).quantize(Decimal("0.01")) == Decimal(expected)
        assert cell.number_format == "#,##0.00"
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("browse:table_csv", kwargs=kwargs)).content.decode("utf-8-sig")
            )
        )
    )
    row = csv_rows[1]
    assert row[column["增减变化情况公务接待费（万元）"]] == "-0.10"
    assert row[column["当年公务接待费（万元）"]] == "0.40"
    assert all(row[1].startswith("'") for row in csv_rows[2:])  # hostile names, quoted

    in_yuan = client.get(reverse("browse:table_xlsx", kwargs=kwargs), {"unit": "yuan"}).content
    _sheet, rows = sheet_values(in_yuan, "表12")
    change = rows[3][column["增减变化情况公务接待费（万元）"]]
    assert change.data_type == "n" and Decimal(str(change.value)) == Decimal("-1000")
    assert change.number_format == "#,##0.00"


def test_amounts_in_a_hostile_table_keep_their_values(client, hostile):
    baoji = hostile[0]
    kwargs = {"organisation": baoji.organisation_id, "year": baoji.year, "position": 5}
    _sheet, rows = sheet_values(
        client.get(reverse("browse:table_xlsx", kwargs=kwargs)).content, "表5"
    )
    row = next(row for row in rows if row[0].value == "2010350")
    assert [Decimal(str(cell.value)) for cell in row[2:5]] == [
        Decimal("108.54"),
        Decimal("104.54"),
        Decimal("4"),
    ]
    assert all(cell.data_type == "n" for cell in row[2:5])


def test_control_characters_in_a_name_do_not_break_the_workbook(client, putuo):
    """XML cannot hold most control characters; openpyxl raises on them. They are dropped."""
    Organisation.objects.filter(pk=putuo.department.pk).update(name="测试\x0b街道\x1f办事处")
    kwargs = {"organisation": putuo.department.pk, "year": 2025}
    response = client.get(reverse("browse:document_xlsx", kwargs=kwargs))
    assert response.status_code == 200
    assert (
        load_workbook(io.BytesIO(response.content))
        .worksheets[0]["A2"]
        .value.startswith("测试街道办事处")
    )
