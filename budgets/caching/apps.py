from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "budgets.caching"
    verbose_name = "缓存"

    def ready(self):
        from . import resilient, version

        version.connect_signals()
        resilient.ResilientRedisCache.on_recovery = staticmethod(version.after_cache_outage)
