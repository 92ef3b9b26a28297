from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "budgets.disclosures"
    verbose_name = _("预算公开文件")
