from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import pgettext_lazy


class DisclosuresConfig(AppConfig):
    name = "budgets.disclosures"
    verbose_name = pgettext_lazy("app", "预算公开文件")

    def ready(self):
        from .roles import ensure_clerk_group

        # After every app's migrations, since the group spans several apps' permissions.
        post_migrate.connect(ensure_clerk_group, dispatch_uid="ensure_clerk_group")
