"""The yearly classification catalogues (政府收支分类科目).

The Ministry of Finance revises them every year, so a code belongs to a year.
Three schemes share one shape: function (类3/款5/项7 digits), department economic
and government economic (类3/款5 digits). Each is its own model so that a
budget line's foreign key cannot point into the wrong scheme.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import In
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.natural_keys import memoised

from .english import official_name


class CodeManager(models.Manager):
    @memoised
    def get_by_natural_key(self, year, code):
        return self.get(year=year, code=code)


class Code(models.Model):
    """A classification code of one year; its parent is the code one level up."""

    class Source(models.TextChoices):
        NATIONAL = "national", _("国家目录")
        FILE = "file", _("导入的目录文件")
        DOCUMENTS = "documents", _("本年多数公开文件的印法")
        ADMIN = "admin", _("管理员录入")

    LEVEL_NAMES = {3: _("类"), 5: _("款"), 7: _("项")}
    #: Allowed code lengths, from the top level down.
    LENGTHS = (3, 5)

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100)
    #: Where ``name`` comes from (``disclosures.catalogue`` keeps documents' names right).
    source = models.CharField(
        _("名称来源"), max_length=10, choices=Source.choices, default=Source.ADMIN
    )
    #: The Ministry's English name, where it publishes one (see ``english``); blank otherwise.
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        editable=False,
    )

    objects = CodeManager()

    class Meta:
        abstract = True
        ordering = ["year", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        """Link the parent from the code itself, so the tree can never disagree with it."""
        parent_code = self.parent_code_of(self.code) if len(self.code) in self.LENGTHS else None
        if parent_code and self.parent_id is None:
            self.parent = type(self).objects.filter(year=self.year, code=parent_code).first()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.year, self.code)

    @property
    def level(self):
        """类, 款 or 项, by the length of the code."""
        return self.LEVEL_NAMES[len(self.code)]

    @property
    def depth(self):
        return self.LENGTHS.index(len(self.code))

    @classmethod
    def parent_code_of(cls, code):
        index = cls.LENGTHS.index(len(code))
        return code[: cls.LENGTHS[index - 1]] if index else None

    def clean(self):
        if not self.code.isdigit() or len(self.code) not in self.LENGTHS:
            lengths = "/".join(str(n) for n in self.LENGTHS)
            raise ValidationError({"code": _("科目编码应为%(n)s位数字。") % {"n": lengths}})
        parent_code = self.parent_code_of(self.code)
        if parent_code is None:
            self.parent = None
            return
        parent = type(self).objects.filter(year=self.year, code=parent_code).first()
        if parent is None:
            raise ValidationError(
                {
                    "code": _("上级科目 %(code)s 不在 %(year)s 年目录中，请先录入上级科目。")
                    % {"code": parent_code, "year": self.year}
                }
            )
        self.parent = parent


class FunctionCode(Code):
    """支出功能分类科目: what the money is for (类/款/项)."""

    LENGTHS = (3, 5, 7)
    SCHEME = "function"

    class Meta(Code.Meta):
        verbose_name = _("支出功能分类科目")
        verbose_name_plural = pgettext_lazy("plural", "支出功能分类科目")
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="function_code_unique"),
            models.CheckConstraint(
                condition=In(Length("code"), [3, 5, 7]), name="function_code_length"
            ),
        ]


class DepartmentEconomicCode(Code):
    """部门预算支出经济分类科目: what kind of spending (类/款)."""

    SCHEME = "dept_economic"

    class Meta(Code.Meta):
        verbose_name = _("部门预算支出经济分类科目")
        verbose_name_plural = pgettext_lazy("plural", "部门预算支出经济分类科目")
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="dept_economic_code_unique"),
            models.CheckConstraint(
                condition=In(Length("code"), [3, 5]), name="dept_economic_code_length"
            ),
        ]


class GovernmentEconomicCode(Code):
    """政府预算支出经济分类科目: the same spending seen from the budget law (类/款)."""

    SCHEME = "gov_economic"

    class Meta(Code.Meta):
        verbose_name = _("政府预算支出经济分类科目")
        verbose_name_plural = pgettext_lazy("plural", "政府预算支出经济分类科目")
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="gov_economic_code_unique"),
            models.CheckConstraint(
                condition=In(Length("code"), [3, 5]), name="gov_economic_code_length"
            ),
        ]


SCHEMES = {
    "function": FunctionCode,
    "dept_economic": DepartmentEconomicCode,
    "gov_economic": GovernmentEconomicCode,
}


@receiver(pre_save)
def official_english_name(sender, instance, raw=False, **kwargs):
    """Every code saved without an English name takes the official one, if there is one
    (fixtures too: loaddata saves raw, without ``save()``, but sends this signal)."""
    if sender in SCHEMES.values() and not instance.name_en:
        instance.name_en = official_name(sender.SCHEME, instance.code)
