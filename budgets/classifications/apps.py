from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationsConfig(AppConfig):
    name = "budgets.classifications"
    verbose_name = _("政府收支分类科目")
