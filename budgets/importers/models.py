"""Uploads waiting for their confirmation (the admin upload → preview → confirm screens).

Kept in the database, not on one server's disk, so that any app server can confirm
them; each belongs to the user who uploaded it, and only that user can confirm it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingUploadQuerySet(models.QuerySet):
    def stale(self):
        """Uploads older than ``settings.IMPORT_PREVIEW_HOURS``: a preview never confirmed."""
        hours = datetime.timedelta(hours=settings.IMPORT_PREVIEW_HOURS)
        return self.filter(uploaded_at__lt=timezone.now() - hours)


class PendingUpload(models.Model):
    """One uploaded file, previewed and not yet imported (deleted once it is)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64)
    name = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("文件内容"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("待确认的上传文件")
        verbose_name_plural = _("待确认的上传文件")
        constraints = [
            models.UniqueConstraint(fields=["uploaded_by", "sha256"], name="pending_upload_unique"),
        ]

    def __str__(self):
        return self.name
