"""Regions, organisations (departments and their units) and yearly profiles."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.natural_keys import memoised


class RegionManager(models.Manager):
    @memoised
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Region(models.Model):
    """A finance bureau's jurisdiction (行政区划); unit codes are unique only inside one."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区县级")

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码为6位数字。"))],
    )
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级次"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    #: Made by ``generate_synthetic`` for load tests, never real; shown as such publicly.
    synthetic = models.BooleanField(_("合成数据"), default=False, editable=False)

    objects = RegionManager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = pgettext_lazy("plural", "行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def full_name(self):
        """The name with its parents', e.g. 陕西省宝鸡市."""
        names = []
        region = self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


class OrganisationManager(models.Manager):
    @memoised
    def get_by_natural_key(self, region_code, kind, name):
        return self.get(region__code=region_code, kind=kind, name=name)


class Organisation(models.Model):
    """A department (部门, the 主管部门) or a budget unit (单位) under one.

    A department and its main unit often share a name (上海市普陀区人民政府办公室 is both),
    so names are unique per region and kind, not per region.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("部门")
        UNIT = "unit", _("单位")

    class UnitType(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("行政单位")
        CIVIL_SERVICE_INSTITUTION = "civil_service_institution", _("参公事业单位")
        PUBLIC_INSTITUTION = "public_institution", _("事业单位")
        OTHER = "other", _("其他")

    class FundingType(models.TextChoices):
        FULL = "full", _("全额拨款")
        DIFFERENTIAL = "differential", _("差额拨款")
        SELF_FUNDED = "self_funded", _("自收自支")

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="organisations"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        limit_choices_to={"kind": "department"},
    )
    code = models.CharField(
        _("编码"),
        max_length=12,
        blank=True,
        help_text=_("部门3位、单位6位（部门编码+3位）；文件未公布编码时留空。"),
        validators=[
            RegexValidator(r"^(\d{3}|\d{6})$", _("部门编码为3位数字，单位编码为6位数字。"))
        ],
    )
    name = models.CharField(_("名称"), max_length=200)
    unit_type = models.CharField(_("单位性质"), max_length=30, choices=UnitType.choices, blank=True)
    funding_type = models.CharField(
        _("经费形式"), max_length=20, choices=FundingType.choices, blank=True
    )
    #: Made by ``generate_synthetic`` for load tests (as its region is), never real.
    synthetic = models.BooleanField(_("合成数据"), default=False, editable=False)

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("部门/单位")
        verbose_name_plural = pgettext_lazy("plural", "部门/单位")
        ordering = ["region__code", "code", "name"]
        #: home's directory: a region's departments (parent NULL), not every department
        indexes = [models.Index(fields=["region", "parent"], name="organisation_region_parent")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "name"], name="organisation_unique_name"
            ),
            models.UniqueConstraint(
                fields=["region", "code"],
                condition=~Q(code=""),
                name="organisation_unique_code",
            ),
            models.CheckConstraint(
                condition=Q(kind="unit") | Q(parent__isnull=True),
                name="organisation_department_has_no_parent",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name

    def natural_key(self):
        return (self.region.code, self.kind, self.name)

    natural_key.dependencies = ["organisations.region"]

    def clean(self):
        errors = {}
        if self.kind == self.Kind.DEPARTMENT and self.parent_id:
            errors["parent"] = _("部门没有主管部门。")
        if self.parent_id:
            if self.parent.region_id != self.region_id:
                errors["parent"] = _("主管部门必须属于同一行政区划。")
            elif self.code and self.parent.code and not self.code.startswith(self.parent.code):
                errors["code"] = _("单位编码应以主管部门编码 %(code)s 开头。") % {
                    "code": self.parent.code
                }
        if self.code:
            expected = 3 if self.kind == self.Kind.DEPARTMENT else 6
            if len(self.code) != expected:
                errors["code"] = _("%(kind)s编码应为%(n)d位数字。") % {
                    "kind": self.get_kind_display(),
                    "n": expected,
                }
        if errors:
            raise ValidationError(errors)


class Profile(models.Model):
    """What an organisation says of itself in a year: duties, history, staff, assets."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("部门/单位"), on_delete=models.CASCADE, related_name="profiles"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    duties_intro = models.TextField(_("职责概述"), blank=True)
    history = models.TextField(_("机构沿革与设置"), blank=True)
    staff_authorised = models.PositiveIntegerField(_("编制人数"), null=True, blank=True)
    staff_authorised_administrative = models.PositiveIntegerField(
        _("其中：行政编制"), null=True, blank=True
    )
    staff_authorised_institution = models.PositiveIntegerField(
        _("其中：事业编制"), null=True, blank=True
    )
    staff_actual = models.PositiveIntegerField(_("实有人数"), null=True, blank=True)
    staff_actual_administrative = models.PositiveIntegerField(
        _("其中：行政"), null=True, blank=True
    )
    staff_actual_institution = models.PositiveIntegerField(_("其中：事业"), null=True, blank=True)
    retirees = models.PositiveIntegerField(_("退休人员"), null=True, blank=True)
    assets_as_of = models.DateField(_("资产统计截止日"), null=True, blank=True)
    vehicles = models.PositiveIntegerField(_("车辆（辆）"), null=True, blank=True)
    equipment_count = models.PositiveIntegerField(_("大额设备（台套）"), null=True, blank=True)
    equipment_threshold = models.DecimalField(
        _("大额设备单价标准（元）"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("陕西为20万元，上海为100万元。"),
    )
    vehicles_planned = models.PositiveIntegerField(_("当年拟购车辆"), null=True, blank=True)
    equipment_planned = models.PositiveIntegerField(_("当年拟购大额设备"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度概况")
        verbose_name_plural = pgettext_lazy("plural", "年度概况")
        # the column: by ``organisation`` would join its region for its ordering
        ordering = ["organisation_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="profile_unique_year"),
        ]

    def __str__(self):
        return f"{self.organisation.name} {self.year}"


class ProfileItem(models.Model):
    """One numbered entry of a profile list: a duty, a work priority or an internal office."""

    class Kind(models.TextChoices):
        DUTY = "duty", _("主要职责")
        PRIORITY = "priority", _("工作任务")
        OFFICE = "office", _("内设机构")

    profile = models.ForeignKey(
        Profile, verbose_name=_("年度概况"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("概况条目")
        verbose_name_plural = pgettext_lazy("plural", "概况条目")
        ordering = ["profile_id", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "number"], name="profile_item_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class VehicleCount(models.Model):
    """Vehicles held and planned, by the category the document prints (上海: 7 categories)."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("年度概况"), on_delete=models.CASCADE, related_name="vehicle_counts"
    )
    category = models.CharField(_("车辆类别"), max_length=50)
    held = models.PositiveIntegerField(_("现有"))
    planned = models.PositiveIntegerField(_("拟购置"), null=True, blank=True)

    class Meta:
        verbose_name = _("车辆")
        verbose_name_plural = pgettext_lazy("plural", "车辆")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "category"], name="vehicle_count_unique_category"
            ),
        ]

    def __str__(self):
        return self.category
