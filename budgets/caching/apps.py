from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "budgets.caching"
    verbose_name = "缓存"

    def ready(self):
        from . import language, version

        version.connect_signals()
        language.patch_set_language()
