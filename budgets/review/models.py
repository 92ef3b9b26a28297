"""Review records and the history of documents and their facts.

History (django-simple-history): every save or delete of a document or one of its facts
writes a historical row (who, when, the whole row), so any earlier state can be rebuilt.
The historical models live in this app, so other apps' migrations stay theirs.
"""

import simple_history
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.disclosures import models as disclosures


#: The document and every kind of fact it publishes.
def document_facts(base=disclosures.DocumentFact):
    """Every concrete fact model of a document, in the order they are declared, so a new
    kind of fact is on record without being listed here."""
    for model in base.__subclasses__():
        if model._meta.app_label != "disclosures":
            continue
        if not model._meta.abstract:
            yield model
        yield from document_facts(model)


HISTORY_MODELS = (disclosures.Document, *document_facts())

for _model in HISTORY_MODELS:
    if not hasattr(_model, "history"):
        simple_history.register(_model, app="budgets.review")

#: The fact models (all but the document).
FACT_MODELS = HISTORY_MODELS[1:]


class Override(models.Model):
    """A reviewer's written decision to let a document with failing checks go on."""

    document = models.ForeignKey(
        disclosures.Document,
        verbose_name=_("预算公开文件"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    reason = models.TextField(_("理由"))
    errors = models.JSONField(_("当时的问题"), default=list)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核对问题的放行")
        verbose_name_plural = pgettext_lazy("plural", "核对问题的放行")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.reason


class Revision(models.Model):
    """One public state of a document: its first publication, and each correction after.

    ``started_at`` is the moment before the revision's changes were written: the
    document as the previous revision showed it is the history as of this moment.
    """

    class Kind(models.TextChoices):
        # "发布" is also the publish button (workflow.ACTION_NAMES): here it is a noun.
        PUBLISHED = "published", pgettext_lazy("revision", "发布")
        CORRECTED = "corrected", _("更正")

    document = models.ForeignKey(
        disclosures.Document,
        verbose_name=_("预算公开文件"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("版次"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    started_at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    #: Who entered the correction (the reviewer is ``by``).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: A correction's changes cell by cell, as the public 更正记录 shows them:
    #: [{"table", "row", "column", "old", "new"}] (``corrections.cell_changes``).
    changes = models.JSONField(_("更正内容"), default=list, blank=True)

    class Meta:
        verbose_name = _("公开版本")
        verbose_name_plural = pgettext_lazy("plural", "公开版本")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_unique_number")
        ]

    def __str__(self):
        return f"{self.document} #{self.number}"


class DeletedDocument(models.Model):
    """A deleted document (a draft, or a correction dropped), kept whole so that it can be
    restored: the document and every row it owned, as Django serialises them
    (``recovery``). Documents that have been public are never deleted."""

    title = models.CharField(_("标题"), max_length=200)
    document_id = models.PositiveIntegerField(_("原编号"))
    rows = models.TextField(_("内容（JSON）"), editable=False)
    row_count = models.PositiveIntegerField(_("行数"))
    deleted_at = models.DateTimeField(_("删除时间"), auto_now_add=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("删除人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    restored_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("恢复人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("已删除的文件")
        verbose_name_plural = pgettext_lazy("plural", "已删除的文件")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return self.title
