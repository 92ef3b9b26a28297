from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "budgets.execution"
    verbose_name = "预算执行"
