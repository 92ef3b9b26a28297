from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "budgets.synthetic"
    verbose_name = "合成数据"
