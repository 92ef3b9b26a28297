from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PerformanceConfig(AppConfig):
    name = "budgets.performance"
    verbose_name = pgettext_lazy("app", "绩效目标")
