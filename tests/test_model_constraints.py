"""The database itself refuses what the forms refuse: these writes bypass ``clean()`` and
must still fail, on SQLite and on PostgreSQL alike."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    FunctionExpenditure,
    Procurement,
    RestrictedSpending,
    RevenueLine,
    Statement,
    Template,
)
from budgets.organisations.models import Organisation
from budgets.performance.models import Indicator, TargetSet, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(baoji_unit):
    return baoji_unit


@pytest.fixture
def document(unit):
    template = Template.objects.get(code="shaanxi-unit-comprehensive")  # from migrate
    return Document.objects.create(
        organisation=unit,
        year=2023,
        scope="unit",
        template=template,
        title="宝鸡市人民政府口岸办公室2023年单位综合预算",
        amount_unit="万元",
    )


@pytest.fixture
def operation():
    """2010350 事业运行 with its parents, as the catalogue holds them."""
    FunctionCode.objects.create(year=2023, code="201", name="一般公共服务支出")
    FunctionCode.objects.create(year=2023, code="20103", name="政府办公厅(室)及相关机构事务")
    return FunctionCode.objects.create(year=2023, code="2010350", name="事业运行")


@pytest.fixture
def target_set(document):
    return TargetSet.objects.create(
        document=document, kind="unit_overall", name="宝鸡市人民政府口岸办公室"
    )


@contextmanager
def refused(exception=IntegrityError):
    """Expect the database to refuse a write; the savepoint keeps PostgreSQL usable after."""
    with pytest.raises(exception), transaction.atomic():
        yield


def test_negative_amount_is_refused(document, operation):
    with refused():
        FunctionExpenditure.objects.create(
            document=document,
            function=operation,
            source="general_public",
            expense_type="personnel",
            amount=Decimal("-0.01"),
        )
    with refused():
        RevenueLine.objects.create(document=document, source="general_public", amount=-1)
    with refused():
        RestrictedSpending.objects.create(document=document, period="current", reception=-1)
    assert not FunctionExpenditure.objects.exists()
    # Zero is a real figure, and allowed.
    FunctionExpenditure.objects.create(
        document=document,
        function=operation,
        source="general_public",
        expense_type="running",
        amount=Decimal("0.00"),
    )


def test_negative_amount_fails_validation_with_a_chinese_message(document, operation):
    line = FunctionExpenditure(
        document=document,
        function=operation,
        source="general_public",
        expense_type="personnel",
        amount=Decimal("-5"),
    )
    with pytest.raises(ValidationError) as invalid:
        line.full_clean()
    assert "金额不能为负数。" in invalid.value.message_dict["amount"]


def test_duplicate_document_is_refused(document):
    with refused():
        Document.objects.create(
            organisation=document.organisation,
            year=2023,
            scope="unit",
            template=document.template,
            title="重复",
            amount_unit="万元",
        )
    assert Document.objects.count() == 1
    # The same unit's next year is another document.
    Document.objects.create(
        organisation=document.organisation,
        year=2024,
        scope="unit",
        template=document.template,
        title="2024",
        amount_unit="万元",
    )


def test_published_document_needs_a_date(document):
    document.status = "published"
    with refused():
        document.save()
    document.published_on = datetime.date(2023, 2, 1)
    document.save()
    assert Document.published.get() == document


def test_duplicate_line_is_refused(document, operation):
    fields = {
        "document": document,
        "function": operation,
        "source": "general_public",
        "expense_type": "personnel",
    }
    FunctionExpenditure.objects.create(**fields, amount=1045400)
    with refused():
        FunctionExpenditure.objects.create(**fields, amount=1)


def test_task_whose_parts_do_not_add_up_is_refused(target_set):
    with refused():
        Task.objects.create(
            target_set=target_set, number=1, name="任务", total=110000, fiscal=100000
        )
    with refused():
        Task.objects.create(
            target_set=target_set,
            number=1,
            name="任务",
            total=110000,
            fiscal=60000,
            other=60000,
        )
    task = Task(target_set=target_set, number=1, name="任务", total=110000, fiscal=100000)
    with pytest.raises(ValidationError, match="不等于财政拨款与其他资金之和"):
        task.full_clean()
    Task.objects.create(target_set=target_set, number=1, name="任务", total=110000, fiscal=110000)
    assert target_set.tasks.count() == 1


def test_target_set_totals_must_add_up(document):
    with refused():
        TargetSet.objects.create(
            document=document,
            kind="special_fund",
            name="口岸办业务工作经费",
            period_total=644600,
            period_fiscal=600000,
        )


def test_indicator_outside_the_frame_is_refused(target_set):
    with refused():
        Indicator.objects.create(
            target_set=target_set, level1="output", level2="economic", content="促进地方经济发展"
        )
    with refused():
        Indicator.objects.create(
            target_set=target_set, level1="satisfaction", level2="quality", content="工作质量"
        )
    indicator = Indicator(
        target_set=target_set, level1="benefit", level2="quantity", content="任务完成率"
    )
    with pytest.raises(ValidationError):
        indicator.full_clean()
    Indicator.objects.create(
        target_set=target_set, level1="benefit", level2="economic", content="促进地方经济发展"
    )
    assert target_set.indicators.count() == 1


def test_procurement_parts_are_kept_as_printed_but_typed_ones_must_add_up(document):
    """A document may print parts that miss their total by rounding (财政局 2024 决算:
    251.26 under 251.25): stored as printed. Typed in the admin, they must add up."""
    printed = Procurement.objects.create(document=document, total=100, goods=60, services=30)
    printed.full_clean()  # as stored: kept
    printed.goods = 61
    with pytest.raises(ValidationError, match="货物、工程、服务之和"):
        printed.full_clean()
    printed.goods = 70
    printed.full_clean()


def test_flat_statement_cannot_carry_a_change(document):
    with refused():
        Statement.objects.create(
            document=document,
            topic="function:2010399",
            subject="其他政府办公厅（室）及相关机构实务（2010399）",
            direction="flat",
            change_amount=100,
        )


def test_code_length_is_checked_by_the_database():
    with refused():
        FunctionCode.objects.create(year=2023, code="2010", name="四位")
    with refused():
        DepartmentEconomicCode.objects.create(year=2023, code="3010101", name="七位")


def test_department_cannot_have_a_parent(unit):
    with refused():
        Organisation.objects.create(
            region=unit.region, kind="department", parent=unit.parent, code="403", name="某部门"
        )


def test_deleting_a_code_in_use_is_refused(document, operation):
    FunctionExpenditure.objects.create(
        document=document,
        function=operation,
        source="general_public",
        expense_type="personnel",
        amount=1045400,
    )
    with pytest.raises(ProtectedError):
        operation.delete()
    assert FunctionCode.objects.filter(code="2010350").exists()


def test_deleting_a_code_with_children_is_refused(operation):
    with pytest.raises(ProtectedError):
        FunctionCode.objects.get(year=2023, code="20103").delete()


def test_deleting_an_economic_code_in_use_is_refused(document):
    DepartmentEconomicCode.objects.create(year=2023, code="302", name="商品和服务支出")
    office = DepartmentEconomicCode.objects.create(year=2023, code="30201", name="办公费")
    EconomicExpenditure.objects.create(
        document=document,
        dept_economic=office,
        source="general_public",
        expense_type="running",
        amount=3000,
    )
    with pytest.raises(ProtectedError):
        office.delete()


def test_deleting_an_organisation_with_documents_is_refused(document):
    with pytest.raises(ProtectedError):
        document.organisation.delete()


def test_parts_with_cents_add_up_exactly(document, target_set):
    """0.10 + 0.20 is 0.30 in the database too: SQLite adds decimals as binary floats, so
    the checks compare sums rounded to the cent."""
    Task.objects.create(
        target_set=target_set,
        number=1,
        name="任务",
        total=Decimal("0.30"),
        fiscal=Decimal("0.10"),
        other=Decimal("0.20"),
    )
    TargetSet.objects.create(
        document=document,
        kind="project",
        name="项目",
        period_total=Decimal("0.30"),
        period_fiscal=Decimal("0.10"),
        period_other=Decimal("0.20"),
        annual_total=Decimal("1234567.89"),
        annual_fiscal=Decimal("1234567.68"),
        annual_other=Decimal("0.21"),
    )
    Procurement.objects.create(
        document=document, total=Decimal("0.30"), goods=Decimal("0.10"), services=Decimal("0.20")
    )
    # A sum a cent out is still refused.
    with refused():
        Task.objects.create(
            target_set=target_set,
            number=2,
            name="任务",
            total=Decimal("0.31"),
            fiscal=Decimal("0.10"),
            other=Decimal("0.20"),
        )


def test_one_carry_over_per_cell_on_every_database(document, operation):
    """A 决算's carry-over is one figure per kind, source and code, and once for the whole
    document; the database refuses a second on SQLite as on PostgreSQL."""
    from budgets.disclosures.models import CarryOver

    whole = {"document": document, "kind": "opening", "source": ""}
    CarryOver.objects.create(**whole, amount=Decimal("216300.00"))
    with refused():
        CarryOver.objects.create(**whole, amount=Decimal("1.00"))
    by_code = {**whole, "function": operation}
    CarryOver.objects.create(**by_code, amount=Decimal("100.00"))
    with refused():
        CarryOver.objects.create(**by_code, amount=Decimal("1.00"))
    assert CarryOver.objects.count() == 2
