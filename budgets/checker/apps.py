from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckerConfig(AppConfig):
    name = "budgets.checker"
    verbose_name = _("公开文件核对")
