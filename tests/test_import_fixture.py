"""The committed fixtures (fixtures/shanghai_putuo.json and fixtures/jiangsu_provincial.json,
built by `manage.py build_fixtures`) load together with the templates and the Baoji
fixture: three regions' documents, nothing colliding."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from budgets.disclosures import arithmetic
from budgets.disclosures.models import Document
from budgets.organisations.models import Organisation, Region

pytestmark = pytest.mark.django_db

OFFICE = "上海市普陀区人民政府办公室"
WANLI = "上海市普陀区人民政府万里街道办事处"

#: (organisation, year, scope) → revenue lines, function lines, economic lines,
#: statements, projects, table notes, printed subtotals; decimal places printed.
EXPECTED = {
    (OFFICE, 2025, "department"): (12, 14, 25, 30, 1, 9, 0, 2),
    (OFFICE, 2025, "unit"): (12, 14, 25, 30, 0, 9, 0, 2),
    (WANLI, 2024, "department"): (33, 35, 28, 51, 1, 9, 0, 0),
    (WANLI, 2025, "department"): (33, 35, 28, 51, 1, 9, 4, 0),
}


def test_all_fixtures_load_together():
    call_command("load_initial_data", verbosity=0)
    assert Document.published.filter(organisation__region__code="610300").count() == 1
    assert set(Region.objects.values_list("code", flat=True)) >= {
        "310000",
        "310107",
        "320000",
        "610300",
    }
    putuo = Document.published.filter(organisation__region__code="310107")
    assert putuo.filter(stage="budget").count() == 9
    assert putuo.filter(stage="final_accounts").count() == 2
    jiangsu = Document.published.filter(organisation__region__code="320000")
    assert sorted(jiangsu.values_list("organisation__name", "year")) == [
        (name, year)
        for name in ("中共江苏省委办公厅", "江苏省人大常委会办公厅", "江苏省人民检察院")
        for year in (2017, 2018, 2019)
    ]
    for (name, year, scope), counts in EXPECTED.items():
        document = Document.published.get(organisation__name=name, year=year, scope=scope)
        assert (
            document.revenuelines.count(),
            document.functionexpenditures.count(),
            document.economicexpenditures.count(),
            document.statements.count(),
            document.projects.count(),
            document.tablenotes.count(),
            document.printedsubtotals.count(),
            document.amount_places,
        ) == counts, document.title
    wanli = Organisation.objects.get(name=WANLI, kind="department")
    assert list(wanli.documents.order_by("year").values_list("year", flat=True)) == [
        2023,
        2024,
        2025,
    ]
    assert wanli.units.count() == 6
    office_unit = Organisation.objects.get(name=OFFICE, kind="unit")
    assert office_unit.parent.name == OFFICE and office_unit.parent.kind == "department"
    # Printed totals, typed from the PDFs: 万里 2025 支出总计 and the office's 项目支出.
    wanli_2025 = wanli.documents.get(year=2025)
    lines = list(wanli_2025.functionexpenditures.all())
    assert arithmetic.split_of(lines).total == Decimal("189767551")
    office = Document.objects.get(organisation=office_unit)
    assert arithmetic.split_of(list(office.functionexpenditures.all())).project == Decimal(
        "66410000.00"
    )
