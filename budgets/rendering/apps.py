from django.apps import AppConfig


class RenderingConfig(AppConfig):
    name = "budgets.rendering"
    verbose_name = "预算公开文件排版"
