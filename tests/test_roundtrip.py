"""Round trip as the reader's test: every real document's facts rendered as its template's
PDF(s), plain and in variants, import back to exactly the same facts and tables.

The fixtures are loaded once for the module (in a transaction rolled back at its end);
each variant's import runs in a transaction of its own, rolled back too
(``budgets.rendering.roundtrip``); ``scripts/roundtrip.sh N`` runs any number. A seed that
once failed is kept in ``tests/data/roundtrip_regressions.txt``.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from budgets.importers import pdf
from budgets.rendering.roundtrip import readable_documents, round_trip

#: The extraction itself, as this module is imported (before the session's fixtures run).
EXTRACT = pdf.extract

pytestmark = [pytest.mark.roundtrip, pytest.mark.disclosures, pytest.mark.django_db]

FIXTURES = ("templates", "baoji_2023", "shanghai_putuo", "jiangsu_provincial")
REGRESSIONS = Path(__file__).parent / "data" / "roundtrip_regressions.txt"
#: The plain look (seed None) of every document, and three variants of each: seeds 1–60
#: as ``manage.py roundtrip`` deals them out (seed n to the n-th document, cycling).
SEEDS = {
    "上海市普陀区人民政府万里街道办事处2023年部门预算": (None, 1, 21, 41),
    "上海市普陀区人民政府万里街道办事处2024年部门预算": (None, 2, 22, 42),
    "上海市普陀区人民政府万里街道办事处2025年部门预算": (None, 3, 23, 43),
    "上海市普陀区人民政府办公室2025年部门预算": (None, 4, 24, 44),
    "上海市普陀区人民政府办公室2025年单位预算": (None, 5, 25, 45),
    "上海市普陀区司法局2026年部门预算": (None, 6, 26, 46),
    "上海市普陀区司法局2026年单位预算": (None, 7, 27, 47),
    "上海市普陀区社会福利院2024年单位预算": (None, 8, 28, 48),
    "上海市普陀区财政局2024年度部门决算": (None, 9, 29, 49),
    "上海市普陀区财政局2025年部门预算": (None, 10, 30, 50),
    "中共上海市普陀区委社会工作部2024年度部门决算": (None, 11, 31, 51),
    "中共江苏省委办公厅2017年部门预算": (None, 12, 32, 52),
    "中共江苏省委办公厅2018年部门预算": (None, 13, 33, 53),
    "中共江苏省委办公厅2019年部门预算": (None, 14, 34, 54),
    "江苏省人大常委会办公厅2017年部门预算": (None, 15, 35, 55),
    "江苏省人大常委会办公厅2018年部门预算": (None, 16, 36, 56),
    "江苏省人大常委会办公厅2019年部门预算": (None, 17, 37, 57),
    "江苏省人民检察院2017年部门预算": (None, 18, 38, 58),
    "江苏省人民检察院2018年部门预算": (None, 19, 39, 59),
    "江苏省人民检察院2019年部门预算": (None, 20, 40, 60),
}
CASES = [(title, seed) for title, seeds in SEEDS.items() for seed in seeds]


def regressions():
    """(title, seed) of each line “TITLE SEED  # why”: a seed that once failed."""
    cases = []
    for line in REGRESSIONS.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            title, seed = words
            cases.append((title, int(seed)))
    return cases


@pytest.fixture(scope="module", autouse=True)
def each_variant_read_once():
    """Every variant is a PDF of its own, read once: the session's cache of extracted
    pages (``conftest.extract_each_pdf_once``, for the published files many tests read)
    would only keep them all in memory."""
    cached = pdf.extract
    pdf.extract = EXTRACT
    yield
    pdf.extract = cached


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """{title: Document} of the fixtures' readable documents, loaded once for the module
    and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *FIXTURES, verbosity=0)
        yield {document.title: document for document in readable_documents()}
        transaction.set_rollback(True)


def check(documents, title, seed):
    result = round_trip(documents[title], seed)
    assert result.ok, f"{title} seed {seed}: " + (result.refusal or "\n".join(result.differences))


@pytest.mark.parametrize(("title", "seed"), CASES, ids=[f"{t}-{s}" for t, s in CASES])
def test_a_variant_imports_back_exactly(documents, title, seed):
    check(documents, title, seed)


@pytest.mark.parametrize(
    ("title", "seed"), regressions(), ids=[f"{t}-{s}" for t, s in regressions()]
)
def test_a_seed_that_once_failed_imports_back(documents, title, seed):
    check(documents, title, seed)


def test_every_readable_document_is_in_the_list(documents):
    """A document added to a fixture joins the round trip."""
    assert set(documents) == set(SEEDS)


def test_the_command_prints_a_line_per_variant_and_a_summary(documents):
    out = io.StringIO()
    call_command("roundtrip", "--here", "--start", "2", "--count", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["2", "上海市普陀区人民政府万里街道办事处2024年部门预算"]
    assert lines[0].endswith("OK") and lines[1].endswith("OK")
    assert lines[2].startswith("2 variants: 2 passed, 0 failed")
