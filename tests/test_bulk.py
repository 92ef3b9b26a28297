"""The bulk downloads of a region-year (budgets/bulk), read as a researcher reads them:
the CSVs with pandas, the workbook with openpyxl, the Parquet files with pyarrow, every
amount compared exactly (Decimal) with the database.

Two region-years of real documents (the fixtures): 普陀区 2025 (上海, 元, four budgets) and
江苏省 2018 (three department budgets, 万元). The expected cells are every amount the
documents' official tables print (``disclosures.tables``, built from the facts); the
spending by function is also checked against the ``FunctionExpenditure`` rows themselves.
"""

import io
import zipfile
from collections import Counter, defaultdict
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from budgets.disclosures.models import Document, Finding, FunctionExpenditure
from budgets.disclosures.tables import load_facts, published_tables
from budgets.organisations.models import Organisation
from tests.test_safe_downloads import assert_safe_csv, assert_safe_xlsx, make_hostile

pytestmark = pytest.mark.django_db

PUTUO, JIANGSU = ("310107", 2025), ("320000", 2018)
NOT_FACTS = {"README", "documents", "findings"}


@pytest.fixture
def real(db):
    call_command("loaddata", "templates", "jiangsu_provincial", "shanghai_putuo", verbosity=0)


def published(code, year):
    return Document.published.filter(organisation__region__code=code, year=year)


def expected_cells(code, year):
    """Counter of (document id, table kind, row number, amount in 元): every amount the
    published documents' official tables print."""
    cells = Counter()
    for document in published(code, year):
        for table in published_tables(load_facts(document)):
            for number, row in enumerate(table.rows, start=1):
                for cell in row.cells:
                    if isinstance(cell, Decimal):
                        cells[document.pk, table.kind, number, cell] += 1
    return cells


def expected_findings(code, year):
    return Counter(
        Finding.objects.filter(document__in=published(code, year)).values_list(
            "document_id", "message"
        )
    )


def download(client, code, year, fmt):
    response = client.get(reverse(f"bulk:{fmt}", args=[code, year]))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def csv_frames(content):
    """{file name: DataFrame} of the zip's CSVs, read as text (dtype=str)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    frames = {}
    for name in archive.namelist():
        if name.endswith(".csv"):
            raw = archive.read(name)
            assert raw.startswith(b"\xef\xbb\xbf"), name  # the BOM Excel reads UTF-8 by
            frames[name[:-4]] = pd.read_csv(
                io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
    assert "README.txt" in archive.namelist()
    return frames


def cells_of(frame, amount):
    return Counter(
        (int(doc), kind, int(row), amount(value))
        for doc, kind, row, value in zip(
            frame["document_id"],
            frame["table_kind"],
            frame["row_number"],
            frame["amount_yuan"],
            strict=True,
        )
    )


def function_items(frame, kind, column=None):
    """{(document id, code): amount} of a spending-by-function table's 项 rows."""
    rows = frame[(frame["table_kind"] == kind) & (frame["row_kind"] == "item")]
    if column:
        rows = rows[rows["column"] == column]
    return {
        (int(doc), code): Decimal(str(value))
        for doc, code, value in zip(
            rows["document_id"], rows["row_code"], rows["amount_yuan"], strict=True
        )
    }


def function_facts(documents, **filters):
    sums = defaultdict(Decimal)
    lines = FunctionExpenditure.objects.filter(document_id__in=documents, **filters)
    for line in lines.select_related("function"):
        sums[line.document_id, line.function.code] += line.amount
    return dict(sums)


def assert_functions_match_facts(frame, code):
    """Spending by function 项, against the facts themselves (not the table builders)."""
    documents = set(frame["document_id"].astype(int))
    if code == PUTUO[0]:
        got = function_items(frame, "expenditure_by_function", "合计")
        assert got == function_facts(documents)
    else:
        got = function_items(frame, "jiangsu_general_public_by_function")
        assert got == function_facts(documents, source="general_public")
    assert len(got) > 20


@pytest.mark.parametrize("code, year", [PUTUO, JIANGSU])
def test_csv_zip_holds_every_printed_amount_exactly(client, real, code, year):
    frames = csv_frames(download(client, code, year, "csv"))
    facts = pd.concat([frame for name, frame in frames.items() if name not in NOT_FACTS])
    expected = expected_cells(code, year)
    assert cells_of(facts, Decimal) == expected
    assert len(facts) == sum(expected.values()) > 500
    # Every amount in 元 with two places, as a plain decimal string.
    assert facts["amount_yuan"].str.fullmatch(r"-?\d+\.\d\d").all()
    # One CSV per table kind, each of one kind.
    for name, frame in frames.items():
        if name not in NOT_FACTS:
            assert set(frame["table_kind"]) <= {name}
    assert_functions_match_facts(facts, code)
    documents = frames["documents"]
    assert sorted(documents["document_id"].astype(int)) == sorted(
        published(code, year).values_list("pk", flat=True)
    )
    assert documents["facts"].astype(int).sum() == len(facts)
    findings = frames["findings"]
    assert Counter(zip(findings["document_id"].astype(int), findings["message"], strict=True)) == (
        expected_findings(code, year)
    )


def test_csv_rows_name_the_cell(client, real):
    """A row says where its amount is printed: 万里街道 2025's 支出预算总表, 合计 row of
    201 一般公共服务支出 (元 as printed)."""
    facts = csv_frames(download(client, *PUTUO, "csv"))["expenditure_by_function"]
    wanli = Document.published.get(organisation__name__endswith="万里街道办事处", year=2025)
    row = facts[
        (facts["document_id"] == str(wanli.pk))
        & (facts["row_code"] == "201")
        & (facts["column"] == "合计")
    ].iloc[0]
    assert row["organisation"] == "上海市普陀区人民政府万里街道办事处"
    assert (row["region_code"], row["region"], row["year"]) == ("310107", "上海市普陀区", "2025")
    assert (row["stage"], row["scope"], row["unit"]) == ("预算", "部门", "元")
    assert row["row_name"] == "一般公共服务支出" and row["row_kind"] == "group"
    assert row["table_title"] == "2025年部门支出预算总表"
    assert Decimal(row["amount_yuan"]) == Decimal(row["amount_printed"])
    # The total row: its 合计 is its name, not a code.
    total = facts[(facts["document_id"] == str(wanli.pk)) & (facts["row_kind"] == "total")]
    assert set(total["row_name"]) == {"合计"} and set(total["row_code"]) == {""}
    assert Decimal(total[total["column"] == "合计"].iloc[0]["amount_yuan"]) == Decimal("189767551")


def test_jiangsu_amounts_printed_in_wan_yuan(client, real):
    facts = csv_frames(download(client, *JIANGSU, "csv"))["jiangsu_summary"]
    assert set(facts["unit"]) == {"万元"}
    for yuan, printed in zip(facts["amount_yuan"], facts["amount_printed"], strict=True):
        assert Decimal(yuan) == Decimal(printed) * 10000


@pytest.mark.parametrize("code, year", [PUTUO, JIANGSU])
def test_xlsx_holds_every_printed_amount_exactly(client, real, code, year):
    workbook = load_workbook(io.BytesIO(download(client, code, year, "xlsx")))
    assert {"README", "documents", "findings"} <= set(workbook.sheetnames)
    cells, amount_cells = Counter(), []
    for sheet in workbook:
        if sheet.title in NOT_FACTS:
            continue
        header = [cell.value for cell in sheet[1]]
        at = {name: header.index(name) for name in header}
        for row in sheet.iter_rows(min_row=2):
            amount = row[at["amount_yuan"]]
            amount_cells.append(amount)
            value = Decimal(repr(amount.value))
            cells[row[at["document_id"]].value, row[at["table_kind"]].value,
                  row[at["row_number"]].value, value] += 1  # fmt: skip
    assert cells == expected_cells(code, year)
    # Numbers, shown with two places, holding the exact amount (no float noise).
    assert all(cell.data_type == "n" and cell.number_format == "0.00" for cell in amount_cells)
    assert all(Decimal(repr(cell.value)) == Decimal(repr(cell.value)).quantize(Decimal("0.01"))
               for cell in amount_cells)  # fmt: skip
    documents = list(workbook["documents"].iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in documents) == sorted(
        published(code, year).values_list("pk", flat=True)
    )
    findings = list(workbook["findings"].iter_rows(min_row=2, values_only=True))
    assert Counter((row[0], row[-1]) for row in findings) == expected_findings(code, year)


def parquet_tables(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert "README.txt" in archive.namelist()
    return {
        name[: -len(".parquet")]: pq.read_table(io.BytesIO(archive.read(name)))
        for name in archive.namelist()
        if name.endswith(".parquet")
    }


@pytest.mark.parametrize("code, year", [PUTUO, JIANGSU])
def test_parquet_holds_every_printed_amount_as_decimal(client, real, code, year):
    tables = parquet_tables(download(client, code, year, "parquet"))
    facts = tables["facts"]
    assert facts.schema.field("amount_yuan").type == pa.decimal128(20, 2)
    assert facts.schema.field("amount_printed").type == pa.decimal128(20, 2)
    frame = facts.to_pandas()
    assert all(isinstance(value, Decimal) for value in frame["amount_yuan"])
    assert cells_of(frame, lambda value: value) == expected_cells(code, year)
    assert_functions_match_facts(frame, code)
    documents = tables["documents"].to_pandas()
    assert sorted(documents["document_id"]) == sorted(
        published(code, year).values_list("pk", flat=True)
    )
    findings = tables["findings"].to_pandas()
    assert Counter(zip(findings["document_id"], findings["message"], strict=True)) == (
        expected_findings(code, year)
    )


def test_draft_documents_never_appear(client, real):
    """A document taken back to draft leaves every format; the others stay whole."""
    draft = published(*PUTUO).get(organisation__name__endswith="万里街道办事处")
    Document.objects.filter(pk=draft.pk).update(status=Document.Status.DRAFT)
    expected = expected_cells(*PUTUO)
    assert expected and all(key[0] != draft.pk for key in expected)
    frames = csv_frames(download(client, *PUTUO, "csv"))
    facts = pd.concat([frame for name, frame in frames.items() if name not in NOT_FACTS])
    assert cells_of(facts, Decimal) == expected
    assert str(draft.pk) not in set(frames["documents"]["document_id"])
    assert str(draft.pk) not in set(frames["findings"]["document_id"])
    tables = parquet_tables(download(client, *PUTUO, "parquet"))
    assert draft.pk not in set(tables["facts"].column("document_id").to_pylist())
    workbook = load_workbook(io.BytesIO(download(client, *PUTUO, "xlsx")))
    ids = {row[0] for row in workbook["documents"].iter_rows(min_row=2, values_only=True)}
    assert draft.pk not in ids and ids


def test_no_published_document_is_404(client, real):
    assert client.get(reverse("bulk:csv", args=["310107", 2019])).status_code == 404
    assert client.get(reverse("bulk:xlsx", args=["999999", 2025])).status_code == 404


def test_no_download_carries_a_live_formula(client, baoji_document):
    """Names starting with = + - @ tab or CR stay text (``browse.render``'s guards)."""
    assert make_hostile() > 10
    organisation = Organisation.objects.get(pk=baoji_document.organisation_id)
    code, year = baoji_document.organisation.region.code, baoji_document.year
    content = download(client, code, year, "csv")
    archive = zipfile.ZipFile(io.BytesIO(content))
    hostile = 0
    for name in archive.namelist():
        if name.endswith(".csv"):
            rows = assert_safe_csv(archive.read(name))
            hostile += sum(cell.startswith("'") for row in rows for cell in row)
    assert hostile > 10
    workbook = assert_safe_xlsx(download(client, code, year, "xlsx"))
    quoted = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert sum(1 for cell in quoted if cell.quotePrefix) > 10
    # Parquet has no formulas: the names arrive as they are.
    names = parquet_tables(download(client, code, year, "parquet"))["facts"].column("organisation")
    assert set(names.to_pylist()) == {organisation.name}
    assert organisation.name[0] in "=+-@\t\r"


def test_export_command_writes_every_region_year(real, tmp_path):
    call_command("export_bulk", out=str(tmp_path), stdout=io.StringIO())
    written = sorted(path.name for path in tmp_path.iterdir())
    region_years = [("310107-普陀区", y) for y in (2023, 2024, 2025, 2026)]
    region_years += [("320000-江苏省", y) for y in (2017, 2018, 2019)]
    assert written == sorted(
        f"{name}-{year}.{ending}"
        for name, year in region_years
        for ending in ("csv.zip", "xlsx", "parquet.zip")
    )
    frames = csv_frames((tmp_path / "320000-江苏省-2018.csv.zip").read_bytes())
    facts = pd.concat([frame for name, frame in frames.items() if name not in NOT_FACTS])
    assert cells_of(facts, Decimal) == expected_cells(*JIANGSU)


def test_export_command_one_format_one_region(real, tmp_path):
    """``--region`` writes the region with every region under it, as its page does."""
    call_command(
        "export_bulk", out=str(tmp_path), format=["parquet"], region="310000", stdout=io.StringIO()
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"310000-上海市-{year}.parquet.zip" for year in (2023, 2024, 2025, 2026)
    ]
    tables = parquet_tables((tmp_path / "310000-上海市-2025.parquet.zip").read_bytes())
    assert cells_of(tables["facts"].to_pandas(), lambda v: v) == expected_cells(*PUTUO)


def test_region_year_page_and_api_docs_link_the_downloads(client, real):
    page = client.get(reverse("regions:year", args=list(PUTUO))).content.decode()
    for fmt in ("csv", "xlsx", "parquet"):
        url = reverse(f"bulk:{fmt}", args=list(PUTUO))
        assert f'href="{url}"' in page
    assert "下载本地区本年全部数据" in page
    docs = client.get(reverse("api:docs")).content.decode()
    for path in ("data-csv.zip", "data.xlsx", "data-parquet.zip"):
        assert f"GET /region/{{code}}/{{year}}/{path}" in docs
    assert 'href="/region/310107/' in docs  # an example of a region-year the site holds
    assert "export_bulk" in docs


@pytest.fixture
def kept(settings, tmp_path):
    settings.PUBLIC_CACHE = True
    settings.DATA_VERSION_IN_CACHE = None
    settings.BULK_CACHE_DIR = str(tmp_path)
    cache.clear()
    yield tmp_path
    cache.clear()


def test_downloads_are_public_cached_and_rebuilt_after_a_change(client, real, kept):
    url = reverse("bulk:xlsx", args=list(JIANGSU))
    first = client.get(url, HTTP_HOST="127.0.0.1")
    body = b"".join(first.streaming_content)
    assert first["Cache-Control"].startswith("public, max-age=")
    assert first["Content-Disposition"].endswith("xlsx") and first["ETag"]
    files = list(kept.glob("320000-2018-*.xlsx"))
    assert len(files) == 1 and files[0].read_bytes() == body
    again = client.get(url, HTTP_HOST="127.0.0.1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # A change to the data: a new version, a new file, the earlier one removed.
    line = FunctionExpenditure.objects.filter(document__in=published(*JIANGSU)).first()
    line.amount += Decimal("0.01")
    line.save()
    changed = client.get(url, HTTP_HOST="127.0.0.1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    b"".join(changed.streaming_content)
    assert [path.name for path in kept.glob("320000-2018-*.xlsx")] != [files[0].name]
    assert len(list(kept.glob("320000-2018-*.xlsx"))) == 1
