"""Shared test fixtures: the published source documents and a real Chromium.

Source documents live outside the repository (DISCLOSURES_DIR). A test that needs one
skips with a message naming it when it is missing, except in CI (CI=true), where a
missing document fails the test.
"""

import copy
import hashlib
import os
import pickle
from pathlib import Path

import pytest
from django.conf import settings

from budgets import cdn

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(path, what):
    """Skip (locally) or fail (in CI) when a file a test needs is missing."""
    if not Path(path).exists():
        message = f"{what} not found at {path}"
        if in_ci():
            pytest.fail(f"{message} (required in CI)")
        pytest.skip(message)
    return Path(path)


@pytest.fixture(scope="session", autouse=True)
def extract_each_pdf_once(tmp_path_factory):
    """Extracting a PDF's pages (pdfplumber) is the slow part of an import, seconds per
    file; many tests import the same published files. Each file's pages are extracted
    once per session and every import gets its own copy; the import itself (reading the
    tables, checking, writing) runs for real every time. Uploads and ``import_disclosure``
    extract in a forked child within the limits (budgets/importers/limits.py), whose
    memory ends with it: the pages are also kept in a file, for the test process and the
    children it forks later (which still count the pages against the limit first)."""
    from budgets.importers import pdf

    original = pdf.extract
    extracted = {}
    folder = tmp_path_factory.mktemp("extracted")

    def extract_once(data):
        key = hashlib.sha256(data).hexdigest()
        kept = folder / key
        if key not in extracted and kept.exists():
            extracted[key] = pickle.loads(kept.read_bytes())
        if key not in extracted:
            extracted[key] = original(data)
            partial = kept.with_name(f"{key}.{os.getpid()}")
            partial.write_bytes(pickle.dumps(extracted[key]))
            os.replace(partial, kept)
        return copy.deepcopy(extracted[key])

    pdf.extract = extract_once
    yield
    pdf.extract = original


@pytest.fixture(autouse=True)
def generous_import_time(settings):
    """Admin uploads are read within IMPORT_MAX_SECONDS; a test machine running many jobs
    at once can take several times a file's usual 1–4 s. The limit's own behaviour is
    tested with explicit limits (tests/test_import_limits.py)."""
    settings.IMPORT_MAX_SECONDS = 120


@pytest.fixture
def disclosure():
    """Return a function giving the path of a published source document by file name."""

    def find(name):
        return require(Path(settings.DISCLOSURES_DIR) / name, f"source document {name!r}")

    return find


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the whole session (Debian's, never a downloaded one)."""
    require(CHROMIUM_PATH, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page whose CDN requests for Chart.js are answered from the npm package,
    and which records console errors and failed requests in ``page.problems``."""
    chart_js = require(BASE_DIR / cdn.CHART_JS_NPM_FILE, "Chart.js from npm (run `npm ci`)")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.problems.append(message.text),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    # A request the page itself abandoned by navigating on (net::ERR_ABORTED) is no failure.
    page.on(
        "requestfailed",
        lambda request: (
            request.failure != "net::ERR_ABORTED"
            and page.problems.append(f"{request.url}: {request.failure}")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and page.problems.append(f"{response.url}: HTTP {response.status}")
        ),
    )
    page.route(
        cdn.CHART_JS_URL,
        lambda route: route.fulfill(
            path=str(chart_js),
            content_type="application/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )
    page.base_url = live_server.url
    yield page
    context.close()


# Public pages (browse, API, downloads): the fixtures' documents and a small 上海-style set.


@pytest.fixture
def baoji_document(db):
    """The published Baoji 2023 document, loaded from fixtures/ (pks not assumed).

    The fixture gives its facts explicit pks, so request this before any fixture that
    creates facts (``putuo``), or loading it would overwrite theirs."""
    from django.core.management import call_command

    from budgets.disclosures.models import Document

    call_command("loaddata", "templates", "baoji_2023", verbosity=0)
    return Document.objects.get(organisation__name="宝鸡市人民政府口岸办公室", year=2023)


@pytest.fixture
def putuo(db):
    """A small 上海-template set built here: a department with two years, one of its
    units, and a draft unit document that must never be public. Amounts in 元."""
    from datetime import date
    from decimal import Decimal
    from types import SimpleNamespace

    from django.core.management import call_command

    from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
    from budgets.disclosures.models import (
        BasicExpenditureSplit,
        Document,
        EconomicExpenditure,
        FunctionExpenditure,
        RestrictedSpending,
        RevenueLine,
        TableNote,
        Template,
    )
    from budgets.organisations.models import Organisation, Region
    from budgets.summaries import kept

    call_command("loaddata", "templates", verbosity=0)
    template = Template.objects.get(code="shanghai-district")
    shanghai = Region.objects.create(code="310000", name="上海市", level="province")
    region = Region.objects.create(code="310107", name="普陀区", level="district", parent=shanghai)
    department = Organisation.objects.create(
        region=region, kind="department", name="测试街道办事处"
    )
    unit = Organisation.objects.create(
        region=region, kind="unit", name="测试街道社区服务中心", parent=department
    )
    hidden = Organisation.objects.create(
        region=region, kind="unit", name="草稿保密单位", parent=department
    )
    for year in (2024, 2025):
        for code, name in [
            ("201", "一般公共服务支出"),
            ("20103", "政府办公厅（室）及相关机构事务"),
            ("2010301", "行政运行"),
            ("2010350", "事业运行"),
            ("208", "社会保障和就业支出"),
            ("20805", "行政事业单位养老支出"),
            ("2080505", "机关事业单位基本养老保险缴费支出"),
        ]:
            FunctionCode.objects.create(year=year, code=code, name=name)
        for code, name in [
            ("301", "工资福利支出"),
            ("30101", "基本工资"),
            ("302", "商品和服务支出"),
            ("30201", "办公费"),
        ]:
            DepartmentEconomicCode.objects.create(year=year, code=code, name=name)

    def document(organisation, year, scope, status="published"):
        return Document.objects.create(
            organisation=organisation,
            year=year,
            scope=scope,
            template=template,
            title=f"{organisation.name}{year}年预算",
            amount_unit="元",
            status=status,
            published_on=date(year, 2, 1) if status == "published" else None,
        )

    def fill(doc, rows, econ, restricted=None):
        """rows: (function 项, expense type, amount); econ: (dept 款, type, amount)."""
        year = doc.year
        revenue = {}
        for code, expense_type, amount in rows:
            function = FunctionCode.objects.get(year=year, code=code)
            FunctionExpenditure.objects.create(
                document=doc,
                function=function,
                source="general_public",
                expense_type=expense_type,
                amount=Decimal(amount),
            )
            revenue[code] = revenue.get(code, Decimal(0)) + Decimal(amount)
        for code, amount in revenue.items():
            RevenueLine.objects.create(
                document=doc,
                source="general_public",
                function=FunctionCode.objects.get(year=year, code=code),
                amount=amount,
            )
        for code, expense_type, amount in econ:
            EconomicExpenditure.objects.create(
                document=doc,
                dept_economic=DepartmentEconomicCode.objects.get(year=year, code=code),
                source="general_public",
                expense_type=expense_type,
                amount=Decimal(amount),
            )
        if restricted:
            RestrictedSpending.objects.create(document=doc, period="current", **restricted)

    dept_2024 = document(department, 2024, "department")
    fill(
        dept_2024,
        [
            ("2010301", "basic", "1000000.00"),
            ("2010350", "project", "500000.00"),
            ("2080505", "basic", "200000.00"),
        ],
        [("30101", "personnel", "1100000.00"), ("30201", "running", "100000.00")],
    )
    dept_2025 = document(department, 2025, "department")
    fill(
        dept_2025,
        [
            ("2010301", "basic", "1200000.00"),
            ("2010350", "project", "300000.00"),
            ("2080505", "basic", "250000.00"),
        ],
        [("30101", "personnel", "1300000.00"), ("30201", "running", "150000.00")],
        restricted={
            "outbound_travel": Decimal("10000.00"),
            "reception": Decimal("5000.00"),
            "administrative_running": Decimal("150000.00"),
        },
    )
    unit_2025 = document(unit, 2025, "unit")
    fill(
        unit_2025,
        [("2010350", "basic", "400000.00"), ("2010350", "project", "300000.00")],
        [("30101", "personnel", "350000.00"), ("30201", "running", "50000.00")],
    )
    BasicExpenditureSplit.objects.create(
        document=unit_2025,
        function=FunctionCode.objects.get(year=2025, code="201"),
        personnel=Decimal("350000.00"),
        running=Decimal("50000.00"),
    )
    draft = document(hidden, 2025, "unit", status="draft")
    fill(draft, [("2010301", "basic", "777777.00")], [])
    tables = {table.position: table for table in template.tables.all()}
    TableNote.objects.create(document=dept_2025, table=tables[2], title="2025年部门收入预算总表")
    TableNote.objects.create(
        document=dept_2025,
        table=tables[6],
        note="注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。",
    )
    # made published row by row, not through the workflow: the pages' figures as it keeps them
    kept.rebuild()
    return SimpleNamespace(
        region=region,
        department=department,
        unit=unit,
        hidden=hidden,
        dept_2024=dept_2024,
        dept_2025=dept_2025,
        unit_2025=unit_2025,
        draft=draft,
    )


@pytest.fixture
def baoji_unit(db):
    """宝鸡市 with department 402 and its unit 402002, as tests that enter data need them."""
    from budgets.organisations.models import Organisation, Region

    region = Region.objects.create(code="610300", name="宝鸡市", level="city")
    department = Organisation.objects.create(
        region=region, kind="department", code="402", name="宝鸡市人民政府办公室"
    )
    return Organisation.objects.create(
        region=region,
        kind="unit",
        parent=department,
        code="402002",
        name="宝鸡市人民政府口岸办公室",
    )
