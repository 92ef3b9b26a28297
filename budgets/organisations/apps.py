from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "budgets.organisations"
    verbose_name = _("地区与单位")
