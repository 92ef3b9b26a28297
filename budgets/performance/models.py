"""Performance targets (绩效目标): per project and for a unit's whole spending.

Indicators sit in the fixed three-level frame 一级指标 → 二级指标 → 指标内容/指标值.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.disclosures.models import Document, Project
from budgets.disclosures.money import MoneyField, cents

#: The second-level indicators each first-level indicator allows.
FRAME = {
    "output": ("quantity", "quality", "timeliness", "cost"),
    "benefit": ("economic", "social", "ecological", "sustainability"),
    "satisfaction": ("beneficiary",),
}


class TargetSet(models.Model):
    """A set of targets: a project's (陕西 表13), the unit's whole spending (表14), or a
    special fund's over its whole period (表15)."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("项目绩效目标")
        UNIT_OVERALL = "unit_overall", _("单位整体支出绩效目标")
        SPECIAL_FUND = "special_fund", _("专项资金总体绩效目标")

    document = models.ForeignKey(
        Document,
        verbose_name=_("预算公开文件"),
        on_delete=models.CASCADE,
        related_name="target_sets",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("项目/单位名称"), max_length=300)
    project = models.ForeignKey(
        Project,
        verbose_name=_("对应项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("名称与项目表中的项目一致时关联；文件中名称不同时留空。"),
    )
    competent_department = models.CharField(_("主管部门"), max_length=200, blank=True)
    implementer = models.CharField(_("实施单位"), max_length=200, blank=True)
    nature = models.CharField(
        _("项目性质"), max_length=50, blank=True, help_text=_("如“经常性项目”")
    )
    category = models.CharField(
        _("项目类别"), max_length=50, blank=True, help_text=_("如“特定目标类”")
    )
    start_date = models.DateField(_("计划开始日期"), null=True, blank=True)
    end_date = models.DateField(_("计划完成日期"), null=True, blank=True)
    period = models.CharField(_("实施期限"), max_length=50, blank=True)
    period_total = MoneyField(_("实施期资金总额（元）"), null=True, blank=True)
    period_fiscal = MoneyField(_("其中：财政拨款（元）"), null=True, blank=True)
    period_other = MoneyField(_("其中：其他资金（元）"), null=True, blank=True)
    annual_total = MoneyField(_("年度资金总额（元）"), null=True, blank=True)
    annual_fiscal = MoneyField(_("其中：财政拨款（元）"), null=True, blank=True)
    annual_other = MoneyField(_("其中：其他资金（元）"), null=True, blank=True)
    annual_carryover = MoneyField(_("其中：上年结转资金（元）"), null=True, blank=True)
    #: Imported figures are kept as the document prints them, even where its funding rows
    #: do not add up (万里街道 2023 prints 当年财政拨款 11,419,043 under a 年度资金申请总额 of
    #: 10,903,043); the import records the disagreement. Figures entered must add up.
    as_printed = models.BooleanField(_("按文件印出保存"), default=False)

    class Meta:
        verbose_name = _("绩效目标表")
        verbose_name_plural = pgettext_lazy("plural", "绩效目标表")
        # the column, not the relation: ordering by ``document`` would take Document's own
        # ordering and join its organisation and region into every query of its facts
        ordering = ["document_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "kind", "name"], name="target_set_unique"),
            models.CheckConstraint(
                condition=Q(as_printed=True)
                | Q(period_total__isnull=True)
                | Q(period_total=cents(Coalesce("period_fiscal", 0) + Coalesce("period_other", 0))),
                name="target_set_period_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(as_printed=True)
                | Q(annual_total__isnull=True)
                | Q(
                    annual_total=cents(
                        Coalesce("annual_fiscal", 0)
                        + Coalesce("annual_other", 0)
                        + Coalesce("annual_carryover", 0)
                    )
                ),
                name="target_set_annual_adds_up",
            ),
        ]

    def __str__(self):
        return _("%(kind)s：%(name)s") % {"kind": self.get_kind_display(), "name": self.name}

    def clean(self):
        errors = {}
        for prefix, label in (("period", _("实施期资金")), ("annual", _("年度资金"))):
            total = getattr(self, f"{prefix}_total")
            parts = [
                getattr(self, f"{prefix}_{part}", None) for part in ("fiscal", "other", "carryover")
            ]
            if (
                not self.as_printed
                and total is not None
                and sum(part or 0 for part in parts) != total
            ):
                errors[f"{prefix}_total"] = _(
                    "%(label)s总额 %(total)s 元不等于财政拨款与其他资金之和 %(sum)s 元。"
                ) % {"label": label, "total": total, "sum": sum(part or 0 for part in parts)}
        if self.project_id and self.document_id and self.project.document_id != self.document_id:
            errors["project"] = _("关联项目必须属于同一文件。")
        if errors:
            raise ValidationError(errors)


class Goal(models.Model):
    """A numbered goal (目标1…), for the year or for the whole implementation period."""

    class Horizon(models.TextChoices):
        ANNUAL = "annual", _("年度目标")
        PERIOD = "period", _("实施期总目标")

    target_set = models.ForeignKey(
        TargetSet, verbose_name=_("绩效目标表"), on_delete=models.CASCADE, related_name="goals"
    )
    horizon = models.CharField(_("期间"), max_length=8, choices=Horizon.choices)
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("目标"))

    class Meta:
        verbose_name = _("绩效目标")
        verbose_name_plural = pgettext_lazy("plural", "绩效目标")
        ordering = ["target_set_id", "horizon", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_set", "horizon", "number"], name="goal_unique_number"
            ),
        ]

    def __str__(self):
        return _("目标%(number)s") % {"number": self.number}


class Task(models.Model):
    """A yearly task (任务1…) with its budget, as in 陕西 表14."""

    target_set = models.ForeignKey(
        TargetSet, verbose_name=_("绩效目标表"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("任务名称"), max_length=300)
    content = models.TextField(_("主要内容"), blank=True)
    total = MoneyField(_("总额（元）"))
    fiscal = MoneyField(_("财政拨款（元）"), null=True, blank=True)
    other = MoneyField(_("其他资金（元）"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度主要任务")
        verbose_name_plural = pgettext_lazy("plural", "年度主要任务")
        ordering = ["target_set_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["target_set", "number"], name="task_unique_number"),
            models.CheckConstraint(
                condition=Q(total=cents(Coalesce("fiscal", 0) + Coalesce("other", 0))),
                name="task_parts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(fiscal__gte=0) & Q(other__gte=0),
                name="task_non_negative",
            ),
        ]

    def __str__(self):
        return _("任务%(number)s %(name)s") % {"number": self.number, "name": self.name}

    def clean(self):
        if self.total is None:
            return
        parts_sum = (self.fiscal or 0) + (self.other or 0)
        if parts_sum != self.total:
            raise ValidationError(
                {
                    "total": _("总额 %(total)s 元不等于财政拨款与其他资金之和 %(sum)s 元。")
                    % {"total": self.total, "sum": parts_sum}
                }
            )


class Indicator(models.Model):
    """One indicator in the 一级/二级/指标内容/指标值 frame."""

    class Level1(models.TextChoices):
        OUTPUT = "output", _("产出指标")
        BENEFIT = "benefit", _("效益指标")
        SATISFACTION = "satisfaction", _("满意度指标")

    class Level2(models.TextChoices):
        QUANTITY = "quantity", _("数量指标")
        QUALITY = "quality", _("质量指标")
        TIMELINESS = "timeliness", _("时效指标")
        COST = "cost", _("成本指标")
        ECONOMIC = "economic", _("经济效益指标")
        SOCIAL = "social", _("社会效益指标")
        ECOLOGICAL = "ecological", _("生态效益指标")
        SUSTAINABILITY = "sustainability", _("可持续影响指标")
        BENEFICIARY = "beneficiary", _("服务对象满意度指标")

    target_set = models.ForeignKey(
        TargetSet, verbose_name=_("绩效目标表"), on_delete=models.CASCADE, related_name="indicators"
    )
    level1 = models.CharField(_("一级指标"), max_length=14, choices=Level1.choices)
    level2 = models.CharField(_("二级指标"), max_length=16, choices=Level2.choices)
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    content = models.CharField(_("指标内容"), max_length=300)
    value = models.CharField(_("指标值"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("绩效指标")
        verbose_name_plural = pgettext_lazy("plural", "绩效指标")
        ordering = ["target_set_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_set", "level1", "level2", "number"],
                name="indicator_unique_number",
            ),
            models.CheckConstraint(
                condition=(Q(level1="output") & Q(level2__in=FRAME["output"]))
                | (Q(level1="benefit") & Q(level2__in=FRAME["benefit"]))
                | (Q(level1="satisfaction") & Q(level2__in=FRAME["satisfaction"])),
                name="indicator_in_frame",
            ),
        ]

    def __str__(self):
        return self.content

    def clean(self):
        if self.level1 and self.level2 and self.level2 not in FRAME[self.level1]:
            raise ValidationError(
                {
                    "level2": _("“%(level2)s”不属于“%(level1)s”。")
                    % {"level2": self.get_level2_display(), "level1": self.get_level1_display()}
                }
            )
