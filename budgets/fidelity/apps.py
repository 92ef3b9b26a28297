from django.apps import AppConfig


class FidelityConfig(AppConfig):
    name = "budgets.fidelity"
    verbose_name = "印刷核对"
