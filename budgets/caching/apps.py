from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "budgets.caching"
    verbose_name = "缓存"

    def ready(self):
        from . import version

        version.connect_signals()
