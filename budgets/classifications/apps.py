from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ClassificationsConfig(AppConfig):
    name = "budgets.classifications"
    verbose_name = pgettext_lazy("app", "政府收支分类科目")
