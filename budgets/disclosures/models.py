"""Budget documents and the facts they publish, each at the grain it is published.

Every published table is derived from these facts (see ``tables.py``); no table is
stored. Amounts are exact Decimal 元; a figure a document leaves blank is NULL.
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.natural_keys import memoised
from budgets.organisations.models import Organisation

from .money import AMOUNT_UNITS, MoneyField


class FundingSource(models.TextChoices):
    """资金来源 / 收入类型. The first three are 财政拨款."""

    GENERAL_PUBLIC = "general_public", _("一般公共预算拨款")
    GOVERNMENT_FUND = "government_fund", _("政府性基金拨款")
    STATE_CAPITAL = "state_capital", _("国有资本经营预算收入")
    HIGHER_LEVEL_SUBSIDY = "higher_level_subsidy", _("上级补助收入")
    OPERATING = "operating", _("事业收入")
    BUSINESS = "business", _("事业单位经营收入")
    AFFILIATED = "affiliated", _("附属单位上缴收入")
    OTHER = "other", _("其他收入")
    RESERVE_FUND = "reserve_fund", _("用事业基金弥补收支差额")
    CARRIED_OVER = "carried_over", _("上年结转")
    ACCOUNT_BALANCE = "account_balance", _("上年实户资金余额")
    SPECIAL_ACCOUNT = "special_account", _("财政专户管理资金")


FISCAL_SOURCES = (
    FundingSource.GENERAL_PUBLIC,
    FundingSource.GOVERNMENT_FUND,
    FundingSource.STATE_CAPITAL,
)


class ExpenseType(models.TextChoices):
    """Basic spending split into personnel and running costs, or unsplit where only that is
    published; project spending (专项业务经费 / 项目支出)."""

    PERSONNEL = "personnel", _("人员经费")
    RUNNING = "running", _("公用经费")
    BASIC = "basic", _("基本支出")
    PROJECT = "project", _("项目支出")
    #: 江苏 支出预算总表: money set aside for the year's unforeseen needs, and money
    #: carried forward to next year; neither is basic or project spending.
    RESERVE = "reserve", _("单位预留机动经费")
    CARRYFORWARD = "carryforward", _("结转下年资金")
    #: Spending whose type the document does not print (江苏's function tables give one
    #: amount per 项, with no 基本/项目 split).
    UNSPLIT = "unsplit", _("未分支出类型")


BASIC_TYPES = (ExpenseType.PERSONNEL, ExpenseType.RUNNING, ExpenseType.BASIC)


class TemplateManager(models.Manager):
    @memoised
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Template(models.Model):
    """A province's set of published tables (陕西 15, 上海 9): which, in what order, titled how."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)

    objects = TemplateManager()

    class Meta:
        verbose_name = _("公开模板")
        verbose_name_plural = pgettext_lazy("plural", "公开模板")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class TemplateTableManager(models.Manager):
    @memoised
    def get_by_natural_key(self, template_code, number):
        return self.get(template__code=template_code, number=number)


class TemplateTable(models.Model):
    """One table of a template. ``kind`` names the derivation in ``tables.py``."""

    template = models.ForeignKey(
        Template, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="tables"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    number = models.CharField(_("表号"), max_length=10, help_text=_("如“表5”"))
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("表式"), max_length=40)
    amount_unit = models.CharField(
        _("金额单位"),
        max_length=4,
        choices=AMOUNT_UNITS,
        blank=True,
        help_text=_("留空则与文件相同；上海“三公”表固定为万元。"),
    )

    objects = TemplateTableManager()

    class Meta:
        verbose_name = _("模板表")
        verbose_name_plural = pgettext_lazy("plural", "模板表")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="template_table_position"
            ),
            models.UniqueConstraint(fields=["template", "number"], name="template_table_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def natural_key(self):
        return (self.template.code, self.number)

    natural_key.dependencies = ["disclosures.template"]


class DocumentManager(models.Manager):
    @memoised
    def get_by_natural_key(self, region_code, org_kind, org_name, year, stage, scope):
        return self.get(
            corrects=None,
            organisation=Organisation.objects.get_by_natural_key(region_code, org_kind, org_name),
            year=year,
            stage=stage,
            scope=scope,
        )


class PublishedManager(DocumentManager):
    def get_queryset(self):
        return super().get_queryset().filter(status=Document.Status.PUBLISHED)


class Document(models.Model):
    """One published budget document of one organisation, year, stage and scope."""

    class Stage(models.TextChoices):
        BUDGET = "budget", _("预算")
        FINAL_ACCOUNTS = "final_accounts", _("决算")

    class Scope(models.TextChoices):
        UNIT = "unit", _("单位")
        DEPARTMENT = "department", _("部门")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("部门/单位"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.BUDGET)
    scope = models.CharField(_("范围"), max_length=12, choices=Scope.choices)
    template = models.ForeignKey(
        Template, verbose_name=_("公开模板"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("标题"), max_length=200)
    amount_unit = models.CharField(_("金额单位"), max_length=4, choices=AMOUNT_UNITS)
    amount_places = models.PositiveSmallIntegerField(
        _("金额小数位数"),
        choices=[(0, _("0（整数元）")), (2, _("2（到分）"))],
        default=2,
        help_text=_("文件印发的小数位数；整数元印发的文件为0"),
    )
    status = models.CharField(
        _("公开状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    # The review workflow (budgets/review): who moved the document on, and when.
    submitted_on = models.DateField(_("提交审核日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("撤回人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: Raised by every save through the admin; a form carries the version it was read at,
    #: so a save over someone else's later change is refused instead of overwriting it.
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    source_name = models.CharField(_("来源文件"), max_length=255, blank=True)
    source_url = models.URLField(_("来源网址"), max_length=500, blank=True)
    source_sha256 = models.CharField(_("来源文件SHA-256"), max_length=64, blank=True)
    glossary = models.TextField(_("名词解释"), blank=True)
    #: A correction in review: the working copy of the published (or withdrawn) document
    #: it corrects. The public never sees it; its approval (``review.corrections``) moves
    #: its facts into the document it corrects, as a new revision, and deletes it.
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("更正的文件"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="pending_correction",
    )

    objects = DocumentManager()
    published = PublishedManager()

    class Meta:
        verbose_name = _("预算公开文件")
        verbose_name_plural = pgettext_lazy("plural", "预算公开文件")
        ordering = ["organisation__region__code", "organisation__code", "-year"]
        #: The public lists: published documents of a year (home, rankings, API).
        indexes = [
            models.Index(fields=["status", "year"], name="document_status_year"),
            #: The prior year a region page compares a budget with (regions.queries.earlier_budget).
            models.Index(
                fields=["organisation", "scope", "stage", "year"], name="document_prior_year"
            ),
        ]
        permissions = [
            ("submit_document", _("可提交文件审核")),
            ("publish_document", _("可发布文件（审核）")),
            ("withdraw_document", _("可撤回已公开的文件")),
        ]
        constraints = [
            # A correction in review stands beside the document it corrects.
            models.UniqueConstraint(
                fields=["organisation", "year", "stage", "scope"],
                condition=Q(corrects__isnull=True),
                name="document_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="document_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def locked(self):
        """Whether the document has been public: it then changes only through a correction
        that a reviewer approves (``review.corrections``); nobody edits or deletes it."""
        return self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN)

    def natural_key(self):
        return self.organisation.natural_key() + (self.year, self.stage, self.scope)

    natural_key.dependencies = ["organisations.organisation", "disclosures.template"]

    def clean(self):
        if self.organisation_id and self.scope:
            expected = (
                Organisation.Kind.DEPARTMENT
                if self.scope == self.Scope.DEPARTMENT
                else Organisation.Kind.UNIT
            )
            if self.organisation.kind != expected:
                raise ValidationError(
                    {
                        "organisation": _("%(scope)s预算应属于一个%(kind)s。")
                        % {"scope": self.get_scope_display(), "kind": expected.label}
                    }
                )


class SourceFile(models.Model):
    """A file a document was imported from, byte for byte as received (a document
    published in two files, narrative and tables, keeps both), for readers to download
    and check against its SHA-256."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("预算公开文件"),
        on_delete=models.CASCADE,
        related_name="source_files",
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("字节数"))
    content = models.BinaryField(_("文件内容"))
    #: The revision whose correction replaced this file (None: the document's file now).
    #: A replaced file is kept: earlier revisions were read from it.
    retired_in = models.PositiveIntegerField(_("被第几版替换"), null=True, blank=True)

    class Meta:
        verbose_name = _("原始文件")
        verbose_name_plural = pgettext_lazy("plural", "原始文件")
        # the column, not the relation: ordering by ``document`` would take Document's own
        # ordering and join its organisation and region into every query of its facts
        ordering = ["document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "sha256"], name="source_file_unique"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def replace_for(cls, document, files):
        """Keep ``files`` ((name, bytes) pairs, in order) as the document's sources."""
        cls.objects.filter(document=document).delete()
        seen = set()
        for position, (name, data) in enumerate(files):
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 in seen:
                continue
            seen.add(sha256)
            cls.objects.create(
                document=document,
                position=position,
                name=name[:255],
                sha256=sha256,
                size=len(data),
                content=bytes(data),
            )


class DocumentFact(models.Model):
    """A fact published by one document."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("预算公开文件"),
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True

    def check_code_year(self, field_names):
        """A code must come from the catalogue of the document's year."""
        errors = {}
        for name in field_names:
            code = getattr(self, name, None)
            if code is not None and self.document_id and code.year != self.document.year:
                errors[name] = _(
                    "科目 %(code)s 属于 %(code_year)s 年目录，本文件为 %(year)s 年。"
                ) % {
                    "code": code.code,
                    "code_year": code.year,
                    "year": self.document.year,
                }
        return errors


class TableNote(DocumentFact):
    """How one document prints one of its template's tables: its exact title, where that
    differs from the template's (“2025年预算单位收入预算总表”), and the note under it
    (“本单位不涉及”, “故本表为空表”)."""

    table = models.ForeignKey(TemplateTable, verbose_name=_("表"), on_delete=models.PROTECT)
    title = models.CharField(_("印发标题"), max_length=200, blank=True)
    note = models.CharField(_("表注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("表的标题与表注")
        verbose_name_plural = pgettext_lazy("plural", "表的标题与表注")
        constraints = [
            models.UniqueConstraint(fields=["document", "table"], name="table_note_unique"),
        ]

    def __str__(self):
        return self.title or self.table.title

    def clean(self):
        if (
            self.table_id
            and self.document_id
            and self.table.template_id != self.document.template_id
        ):
            raise ValidationError({"table": _("该表不属于本文件的公开模板。")})


class RevenueLine(DocumentFact):
    """Revenue by source, and by function 项 where the document publishes that (上海), or by
    the printed item of its source (江苏 收入预算总表: 公共财政拨款(补助)资金, 专项收入)."""

    source = models.CharField(_("收入来源"), max_length=24, choices=FundingSource.choices)
    function = models.ForeignKey(
        FunctionCode,
        verbose_name=_("功能分类科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    item = models.CharField(
        _("收入项目"),
        max_length=100,
        blank=True,
        help_text=_("文件印出的收入明细行，如“公共财政拨款(补助)资金”；留空为按来源的合计"),
    )
    amount = MoneyField(_("金额（元）"))

    class Meta:
        verbose_name = _("收入")
        verbose_name_plural = pgettext_lazy("plural", "收入")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "source", "function"],
                condition=Q(function__isnull=False),
                name="revenue_line_unique_by_function",
            ),
            models.UniqueConstraint(
                fields=["document", "source", "item"],
                condition=Q(function__isnull=True),
                name="revenue_line_unique_total",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="revenue_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"

    def clean(self):
        errors = self.check_code_year(["function"])
        if errors:
            raise ValidationError(errors)


class ExpenditureFact(DocumentFact):
    """An amount of spending from one funding source, of one expense type."""

    source = models.CharField(_("资金来源"), max_length=24, choices=FundingSource.choices)
    expense_type = models.CharField(_("支出类型"), max_length=12, choices=ExpenseType.choices)
    amount = MoneyField(_("金额（元）"))

    class Meta:
        abstract = True


class FunctionExpenditure(ExpenditureFact):
    """Expenditure by function 项 × funding source × expense type."""

    function = models.ForeignKey(
        FunctionCode, verbose_name=_("功能分类科目"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("支出（按功能分类）")
        verbose_name_plural = pgettext_lazy("plural", "支出（按功能分类）")
        ordering = ["document_id", "function__code", "expense_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "function", "source", "expense_type"],
                name="function_expenditure_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="function_expenditure_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.function} {self.get_expense_type_display()} {self.amount}"

    def clean(self):
        errors = self.check_code_year(["function"])
        if self.function_id and len(self.function.code) not in (3, 7):
            # “类” only where the document prints no finer grain for that money (江苏's
            # non-fiscal money appears only by 类 in 收支预算总表).
            errors["function"] = _("支出按功能分类应记到“项”级（7位）科目。")
        if errors:
            raise ValidationError(errors)


class ExpenditureByType(DocumentFact):
    """Spending by expense type alone, where the document prints it without a function or
    economic breakdown (江苏 支出预算总表 for all money, 财政拨款收支预算总表 for 财政拨款):
    基本支出, 项目支出, 单位预留机动经费, 结转下年资金."""

    class Coverage(models.TextChoices):
        ALL = "all", _("全部资金")
        FISCAL = "fiscal", _("财政拨款")

    coverage = models.CharField(_("资金范围"), max_length=8, choices=Coverage.choices)
    expense_type = models.CharField(_("支出类型"), max_length=12, choices=ExpenseType.choices)
    amount = MoneyField(_("金额（元）"))

    class Meta:
        verbose_name = _("支出（按支出类型）")
        verbose_name_plural = pgettext_lazy("plural", "支出（按支出类型）")
        ordering = ["document_id", "coverage", "expense_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "coverage", "expense_type"], name="expenditure_by_type_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="expenditure_by_type_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_coverage_display()} {self.get_expense_type_display()} {self.amount}"


class BasicExpenditureSplit(DocumentFact):
    """Basic spending of one function 类 split into 人员经费 and 公用经费.

    上海's 财务收支预算总表 prints this split by 类 although its function tables give
    only 基本/项目 by 项; it is a fact of its own, not derivable from the others.
    """

    function = models.ForeignKey(
        FunctionCode, verbose_name=_("功能分类科目（类）"), on_delete=models.PROTECT
    )
    personnel = MoneyField(_("人员经费（元）"), null=True, blank=True)
    running = MoneyField(_("公用经费（元）"), null=True, blank=True)

    class Meta:
        verbose_name = _("基本支出构成（按功能类）")
        verbose_name_plural = pgettext_lazy("plural", "基本支出构成（按功能类）")
        constraints = [
            models.UniqueConstraint(fields=["document", "function"], name="basic_split_unique"),
            models.CheckConstraint(
                condition=Q(personnel__gte=0) & Q(running__gte=0), name="basic_split_non_negative"
            ),
        ]

    def __str__(self):
        return str(self.function)

    def clean(self):
        errors = self.check_code_year(["function"])
        if self.function_id and len(self.function.code) != 3:
            errors["function"] = _("此处应为“类”级（3位）科目。")
        if errors:
            raise ValidationError(errors)


class EconomicExpenditure(ExpenditureFact):
    """Expenditure by department economic 款, with the government economic 款 printed beside it."""

    dept_economic = models.ForeignKey(
        DepartmentEconomicCode, verbose_name=_("部门经济分类科目"), on_delete=models.PROTECT
    )
    gov_economic = models.ForeignKey(
        GovernmentEconomicCode,
        verbose_name=_("政府经济分类科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("支出（按经济分类）")
        verbose_name_plural = pgettext_lazy("plural", "支出（按经济分类）")
        ordering = ["document_id", "dept_economic__code", "expense_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "dept_economic", "source", "expense_type"],
                name="economic_expenditure_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="economic_expenditure_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.dept_economic} {self.get_expense_type_display()} {self.amount}"

    def clean(self):
        errors = self.check_code_year(["dept_economic", "gov_economic"])
        if self.dept_economic_id and len(self.dept_economic.code) != 5:
            errors["dept_economic"] = _("支出按经济分类应记到“款”级（5位）科目。")
        if self.gov_economic_id and len(self.gov_economic.code) != 5:
            errors["gov_economic"] = _("政府经济分类应为“款”级（5位）科目。")
        if errors:
            raise ValidationError(errors)


class Project(DocumentFact):
    """A project (专项业务经费 / 项目), grouped as the document groups it."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("实施单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("部门预算中项目所属的单位；留空为文件所属部门/单位。"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    category = models.CharField(
        _("项目类别"), max_length=100, blank=True, help_text=_("如“专用项目”")
    )
    subcategory = models.CharField(
        _("项目子类"), max_length=100, blank=True, help_text=_("如“政府履职专项”")
    )
    name = models.CharField(_("项目名称"), max_length=300)
    amount = MoneyField(_("项目金额（元）"), null=True, blank=True)
    summary = models.TextField(_("项目简介"), blank=True)
    description = models.TextField(_("项目经费情况说明"), blank=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = pgettext_lazy("plural", "项目")
        ordering = ["document_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "name"], name="project_unique_name"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="project_amount_non_negative"),
        ]

    def __str__(self):
        return self.name


class AdministrativeRunningLine(DocumentFact):
    """机关运行经费 by economic 款, as 江苏's 一般公共预算机关运行经费支出预算表 prints it (its
    total is ``RestrictedSpending.administrative_running``)."""

    dept_economic = models.ForeignKey(
        DepartmentEconomicCode, verbose_name=_("部门经济分类科目"), on_delete=models.PROTECT
    )
    amount = MoneyField(_("金额（元）"))
    #: 机关运行经费 are running costs (日常公用经费): what the arithmetic sums them as.
    expense_type = ExpenseType.RUNNING

    class Meta:
        verbose_name = _("机关运行经费明细")
        verbose_name_plural = pgettext_lazy("plural", "机关运行经费明细")
        ordering = ["document_id", "dept_economic__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "dept_economic"], name="running_line_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="running_line_non_negative"),
        ]

    def __str__(self):
        return f"{self.dept_economic} {self.amount}"


class RestrictedSpending(DocumentFact):
    """“三公”经费, 会议费, 培训费 and 机关运行经费 for one period (上年 or 当年).

    A blank figure is NULL, not zero: Baoji prints no 会议费; 上海 prints no prior year.
    Totals and changes are derived, never stored.
    """

    class Period(models.TextChoices):
        PRIOR_YEAR = "prior", _("上年")
        CURRENT_YEAR = "current", _("当年")
        #: A 决算's two columns of the same year: the budget (预算数) and the outturn (决算数).
        BUDGET = "budget", _("预算数")
        FINAL = "final", _("决算数")

    period = models.CharField(_("期间"), max_length=8, choices=Period.choices)
    outbound_travel = MoneyField(_("因公出国（境）费"), null=True, blank=True)
    reception = MoneyField(_("公务接待费"), null=True, blank=True)
    vehicle_purchase = MoneyField(_("公务用车购置费"), null=True, blank=True)
    vehicle_operation = MoneyField(_("公务用车运行维护费"), null=True, blank=True)
    meetings = MoneyField(_("会议费"), null=True, blank=True)
    training = MoneyField(_("培训费"), null=True, blank=True)
    administrative_running = MoneyField(_("机关运行经费"), null=True, blank=True)

    #: The parts of “三公”经费 (``arithmetic.three_public_total``), and with them the
    #: other restricted spending: every amount field, declared here once for the
    #: importers, builders, API and pages.
    THREE_PUBLIC_FIELDS = ("outbound_travel", "reception", "vehicle_purchase", "vehicle_operation")
    AMOUNT_FIELDS = (
        *THREE_PUBLIC_FIELDS,
        "meetings",
        "training",
        "administrative_running",
    )

    class Meta:
        verbose_name = _("“三公”经费等")
        verbose_name_plural = pgettext_lazy("plural", "“三公”经费等")
        ordering = ["document_id", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["document", "period"], name="restricted_unique_period"),
            models.CheckConstraint(
                condition=Q(outbound_travel__gte=0)
                & Q(reception__gte=0)
                & Q(vehicle_purchase__gte=0)
                & Q(vehicle_operation__gte=0)
                & Q(meetings__gte=0)
                & Q(training__gte=0)
                & Q(administrative_running__gte=0),
                name="restricted_non_negative",
            ),
        ]

    def __str__(self):
        return self.get_period_display()


class Procurement(DocumentFact):
    """政府采购 budget: totals by goods / works / services and the share kept for small firms.

    Imported figures are kept as the document prints them, even where 货物, 工程 and 服务
    do not add up to the total (财政局 2024 决算: 251.26 万元 under 251.25); the import
    records the disagreement as a finding. Figures entered by hand must add up.
    """

    total = MoneyField(_("政府采购预算合计"))
    goods = MoneyField(_("货物"), null=True, blank=True)
    works = MoneyField(_("工程"), null=True, blank=True)
    services = MoneyField(_("服务"), null=True, blank=True)
    reserved_for_sme = MoneyField(_("面向中小企业预留"), null=True, blank=True)
    reserved_for_small_micro = MoneyField(_("其中：预留给小型和微型企业"), null=True, blank=True)

    class Meta:
        verbose_name = _("政府采购预算")
        verbose_name_plural = pgettext_lazy("plural", "政府采购预算")
        constraints = [
            models.UniqueConstraint(fields=["document"], name="procurement_one_per_document"),
            models.CheckConstraint(
                condition=Q(reserved_for_small_micro__lte=F("reserved_for_sme"))
                | Q(reserved_for_small_micro__isnull=True)
                | Q(reserved_for_sme__isnull=True),
                name="procurement_small_within_sme",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0)
                & Q(goods__gte=0)
                & Q(works__gte=0)
                & Q(services__gte=0)
                & Q(reserved_for_sme__gte=0)
                & Q(reserved_for_small_micro__gte=0),
                name="procurement_non_negative",
            ),
        ]

    def __str__(self):
        return f"{self.total}"

    def clean(self):
        parts = [self.goods, self.works, self.services]
        if (
            any(part is not None for part in parts)
            and self.total is not None
            and not self.as_stored()
        ):
            parts_sum = sum(part or 0 for part in parts)
            if parts_sum != self.total:
                raise ValidationError(
                    _("货物、工程、服务之和 %(sum)s 元与合计 %(total)s 元不符。")
                    % {"sum": parts_sum, "total": self.total}
                )
        if (
            self.reserved_for_small_micro is not None
            and self.reserved_for_sme is not None
            and self.reserved_for_small_micro > self.reserved_for_sme
        ):
            raise ValidationError(
                {
                    "reserved_for_small_micro": _(
                        "预留给小微企业的金额不能超过面向中小企业预留的金额。"
                    )
                }
            )

    def as_stored(self):
        """Whether the total and its parts are those stored (as imported, kept as printed)."""
        fields = ("total", "goods", "works", "services")
        stored = Procurement.objects.filter(pk=self.pk).values(*fields).first()
        return stored == {name: getattr(self, name) for name in fields}


class ProcurementItem(DocumentFact):
    """One row of an itemised procurement table (陕西 表11; 江苏 政府采购预算表: an item of a
    project's 经济科目 under 货物/工程/服务, with its 采购组织形式)."""

    class Category(models.TextChoices):
        GOODS = "goods", _("货物")
        WORKS = "works", _("工程")
        SERVICES = "services", _("服务")

    function = models.ForeignKey(
        FunctionCode,
        verbose_name=_("功能分类科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    dept_economic = models.ForeignKey(
        DepartmentEconomicCode,
        verbose_name=_("部门经济分类科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    gov_economic = models.ForeignKey(
        GovernmentEconomicCode,
        verbose_name=_("政府经济分类科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    item = models.CharField(_("采购项目"), max_length=200)
    catalogue = models.CharField(_("采购目录"), max_length=200, blank=True)
    service_content = models.CharField(_("购买服务内容"), max_length=300, blank=True)
    specification = models.CharField(_("规格型号"), max_length=200, blank=True)
    quantity = models.DecimalField(
        _("数量"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    timing = models.CharField(_("实施采购时间"), max_length=50, blank=True)
    amount = MoneyField(_("预算金额（元）"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    category = models.CharField(
        _("采购品目大类"), max_length=16, choices=Category.choices, blank=True
    )
    economic_name = models.CharField(_("经济科目（印出名称）"), max_length=200, blank=True)
    organisation_form = models.CharField(_("采购组织形式"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("政府采购项目")
        verbose_name_plural = pgettext_lazy("plural", "政府采购项目")
        ordering = ["document_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="procurement_item_non_negative"
            ),
        ]

    def __str__(self):
        return self.item

    def clean(self):
        errors = self.check_code_year(["function", "dept_economic", "gov_economic"])
        if errors:
            raise ValidationError(errors)


class Statement(DocumentFact):
    """A figure stated in the narrative, with its change against a prior figure and the reason.

    E.g. “一般公共预算拨款收入 190.57 万元，较上年增加 21.78 万元，主要原因是…”. ``topic``
    is a stable key (``revenue``, ``function:2010350``, ``economic:301``, ``three_public``,
    ``procurement``, ``performance_coverage`` …) so figures can be checked against tables.
    """

    class Direction(models.TextChoices):
        INCREASE = "increase", _("增加")
        DECREASE = "decrease", _("减少")
        FLAT = "flat", _("持平")

    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    topic = models.CharField(_("主题"), max_length=60)
    subject = models.CharField(_("所述项目"), max_length=200)
    amount = MoneyField(_("所述金额（元）"), null=True, blank=True)
    count = models.PositiveIntegerField(_("所述数量"), null=True, blank=True)
    comparison = models.CharField(
        _("比较基数"), max_length=60, blank=True, help_text=_("如“上年预算”“2023年预算执行数”")
    )
    comparison_amount = MoneyField(_("比较基数金额（元）"), null=True, blank=True)
    direction = models.CharField(
        _("变化方向"), max_length=10, choices=Direction.choices, blank=True
    )
    change_amount = MoneyField(_("变化金额（元）"), null=True, blank=True)
    change_percent = models.DecimalField(
        _("变化幅度（%）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    #: A 决算's stated completion rate (“完成年初预算的98.20%”): amount ÷ comparison_amount.
    completion_percent = models.DecimalField(
        _("完成预算（%）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("原因"), blank=True)
    quote = models.TextField(_("原文"), blank=True)

    class Meta:
        verbose_name = _("说明中的数字")
        verbose_name_plural = pgettext_lazy("plural", "说明中的数字")
        ordering = ["document_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "topic", "subject"], name="statement_unique_subject"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(change_amount__gte=0) & Q(comparison_amount__gte=0),
                name="statement_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(direction="flat") | Q(change_amount__isnull=True) | Q(change_amount=0),
                name="statement_flat_has_no_change",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def signed_change(self):
        """The change as a signed amount in 元 (negative for a decrease), or None."""
        if self.direction == self.Direction.FLAT:
            return 0
        if self.change_amount is None:
            return None
        return (
            -self.change_amount if self.direction == self.Direction.DECREASE else self.change_amount
        )


class Finding(DocumentFact):
    """A disagreement found when checking a document against itself (recorded by ``--force``)."""

    table = models.CharField(_("表"), max_length=100)
    row = models.CharField(_("行"), max_length=200, blank=True)
    message = models.TextField(_("问题"))

    class Meta:
        verbose_name = _("核对问题")
        verbose_name_plural = pgettext_lazy("plural", "核对问题")

    def __str__(self):
        return f"{self.table} {self.row}: {self.message}"


class PrintedSubtotal(DocumentFact):
    """A subtotal as printed where it differs from the sum of the stored facts beneath it.

    A document printed in whole 元 rounds every figure, so a 款 may be printed 1 元 off the
    sum of its 项 (万里街道 2025: 21201 printed 94,995,790, its 项 add up to 94,995,789).
    The facts stay at their own grain; the tables, and every page showing the same figure,
    show the printed one for that cell. ``row`` is the 类/款 code or a row key (“合计”);
    ``column`` the table column's key (``tables.Column.key``).
    """

    class Column(models.TextChoices):
        TOTAL = "total", _("合计")
        FISCAL = "fiscal", _("财政拨款收入")
        OPERATING = "operating", _("事业收入")
        BUSINESS = "business", _("事业单位经营收入")
        OTHER = "other", _("其他收入")
        BASIC = "basic", _("基本支出")
        PERSONNEL = "personnel", _("人员经费")
        RUNNING = "running", _("公用经费")
        PROJECT = "project", _("项目支出")
        # 决算 tables (上海 部门决算): their own columns.
        AMOUNT = "amount", _("决算数")
        GENERAL_PUBLIC = "general_public", _("一般公共预算财政拨款")
        GOVERNMENT_FUND = "government_fund", _("政府性基金预算财政拨款")
        STATE_CAPITAL = "state_capital", _("国有资本经营预算财政拨款")
        HIGHER_LEVEL_SUBSIDY = "higher_level_subsidy", _("上级补助收入")
        AFFILIATED = "affiliated", _("附属单位上缴收入")
        OPENING = "opening", _("年初结转和结余")
        REVENUE = "revenue", _("本年收入")
        CLOSING = "closing", _("年末结转和结余")

    TOTAL_ROW = "合计"

    table = models.ForeignKey(TemplateTable, verbose_name=_("表"), on_delete=models.PROTECT)
    row = models.CharField(
        _("行"),
        max_length=20,
        help_text=_("科目编码（如 21201），“合计”，或收支总表的行键（如 fiscal）"),
    )
    column = models.CharField(_("列"), max_length=24, choices=Column.choices)
    amount = MoneyField(_("印出金额（元）"))

    class Meta:
        verbose_name = _("印出的小计")
        verbose_name_plural = pgettext_lazy("plural", "印出的小计")
        ordering = ["document_id", "table", "row", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "table", "row", "column"], name="printed_subtotal_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="printed_subtotal_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.table.number} {self.row} {self.get_column_display()} {self.amount}"

    def clean(self):
        errors = {}
        if (
            self.table_id
            and self.document_id
            and self.table.template_id != self.document.template_id
        ):
            errors["table"] = _("该表不属于本文件的公开模板。")
        if self.row and self.row != self.TOTAL_ROW and not ROW_KEY.match(self.row):
            errors["row"] = _("行应为科目编码（数字）、“合计”或收支总表的行键。")
        if errors:
            raise ValidationError(errors)


#: A classification code (digits) or the key of a labelled row of a 收支总表 (``fiscal``,
#: ``revenue_total`` …).
ROW_KEY = re.compile(r"^(?:\d+|[a-z_]+)$")


class CarryOver(DocumentFact):
    """Money carried into or out of the year, as a 决算 prints it: 年初结转和结余, 年末结转和
    结余, 结余分配 and 使用非财政拨款结余, for all funds (``source`` blank) or one fiscal source,
    for the whole document (``function`` empty) or one function code.

    With them a 决算 balances: 本年收入 + 年初结转和结余 (+ 使用非财政拨款结余) = 本年支出 +
    结余分配 + 年末结转和结余.
    """

    class Kind(models.TextChoices):
        OPENING = "opening", _("年初结转和结余")
        CLOSING = "closing", _("年末结转和结余")
        DISTRIBUTION = "distribution", _("结余分配")
        NON_FISCAL_USED = "non_fiscal_used", _("使用非财政拨款结余")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    source = models.CharField(
        _("资金来源"),
        max_length=24,
        choices=FundingSource.choices,
        blank=True,
        help_text=_("留空为全部资金"),
    )
    function = models.ForeignKey(
        FunctionCode,
        verbose_name=_("功能分类科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    amount = MoneyField(_("金额（元）"))

    class Meta:
        verbose_name = _("结转和结余")
        verbose_name_plural = pgettext_lazy("plural", "结转和结余")
        constraints = [
            # One figure per cell: per code, and once for the whole document (no code).
            # Two conditional constraints, not ``nulls_distinct=False``, which SQLite lacks.
            models.UniqueConstraint(
                fields=["document", "kind", "source", "function"],
                condition=Q(function__isnull=False),
                name="carry_over_unique",
            ),
            models.UniqueConstraint(
                fields=["document", "kind", "source"],
                condition=Q(function__isnull=True),
                name="carry_over_unique_whole_document",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="carry_over_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class PrintedRow(DocumentFact):
    """A row a table prints whether or not it has figures, where the document (not the
    template) decides which rows there are: a 决算's 基本支出 table lists its economic 款
    (some spent, some blank), its 收支总表 every function 类. Builders print these rows in
    this order, with the facts' amounts (blank where there is none)."""

    table = models.ForeignKey(TemplateTable, verbose_name=_("表"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("顺序"))
    side = models.PositiveSmallIntegerField(_("栏"), default=0, help_text=_("0左栏，1右栏"))
    #: A classification code, or the key of a labelled row (``revenue_total``,
    #: ``higher_level_subsidy`` …) for rows that carry no code.
    code = models.CharField(_("科目编码或行键"), max_length=40, blank=True)
    label = models.CharField(_("印出名称"), max_length=200)

    class Meta:
        verbose_name = _("印出的行")
        verbose_name_plural = pgettext_lazy("plural", "印出的行")
        ordering = ["document_id", "table", "side", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "table", "side", "position"], name="printed_row_unique"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}".strip()


class PrintedName(DocumentFact):
    """A classification name as the document prints it for a code, where the year's
    catalogue (``FunctionCode`` …), shared by every document, names the code otherwise. A
    document's tables and pages name a code as it prints it; the catalogue is never renamed
    by one document's print."""

    class Scheme(models.TextChoices):
        FUNCTION = "function", _("功能分类")
        DEPT_ECONOMIC = "dept_economic", _("部门经济分类")

    scheme = models.CharField(_("分类"), max_length=16, choices=Scheme.choices)
    code = models.CharField(_("科目编码"), max_length=10)
    name = models.CharField(_("印出名称"), max_length=200)

    class Meta:
        verbose_name = _("印出的科目名称")
        verbose_name_plural = pgettext_lazy("plural", "印出的科目名称")
        ordering = ["document_id", "scheme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "scheme", "code"], name="printed_name_unique"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
