from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import pgettext_lazy


class SummariesConfig(AppConfig):
    name = "budgets.summaries"
    verbose_name = pgettext_lazy("app", "汇总数")

    def ready(self):
        from budgets.organisations.models import Organisation, Region

        from . import kept

        post_migrate.connect(kept.fill_after_migrate, sender=self)
        post_save.connect(
            kept.organisation_saved, sender=Organisation, dispatch_uid="summaries-organisation"
        )
        post_save.connect(kept.region_saved, sender=Region, dispatch_uid="summaries-region")
