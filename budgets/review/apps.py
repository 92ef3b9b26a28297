from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """Review of documents before publication: the workflow (draft → submitted → published,
    withdrawn), the checks that gate it, overrides with their reasons, the history of every
    change and the revisions the public can read."""

    name = "budgets.review"
    label = "review"
    verbose_name = _("审核与历史")
    default_auto_field = "django.db.models.BigAutoField"
