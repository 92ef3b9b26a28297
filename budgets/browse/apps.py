from django.apps import AppConfig


class BrowseConfig(AppConfig):
    name = "budgets.browse"

    def ready(self):
        from .tables import remember_signatures

        remember_signatures()
