"""Uploads waiting for their confirmation (the admin upload → preview → confirm screens),
and the background jobs that read and import them.

Kept in the database, not on one server's disk, so that any app server can confirm
them and any worker can run a job; each belongs to the user who uploaded it or started
it, and only that user can confirm it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
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


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The jobs ``user`` may look at: their own; every job for a superuser."""
        return self if user.is_superuser else self.filter(started_by=user)


class ImportJob(models.Model):
    """One preview or import run in the background (``importers.jobs``): what it was asked,
    how far each file has got, and what came of it. It belongs to whoever started it."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("预览")
        IMPORT = "import", _("导入")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    class FileState(models.TextChoices):
        WAITING = "waiting", _("等待中")
        READING = "reading", _("读取中")
        READ = "read", _("已读取")
        WRITING = "writing", _("写入中")
        IMPORTED = "imported", _("已导入")
        REFUSED = "refused", _("不能导入")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    #: The starter's language: the job's messages are written in it.
    language = models.CharField(_("语言"), max_length=16, blank=True)
    #: What to do: a preview's files ({"files": [[name, sha256], …]}); an import's
    #: documents ({"documents": [{"sha256s", "status", "force", "whole"}, …]}).
    request = models.JSONField(_("任务内容"), default=dict)
    #: Each distinct file: [{"name", "sha256", "state" (FileState), "message"}, …].
    files = models.JSONField(_("各文件进度"), default=list)
    #: A preview: each document as its page shows it; an import: each document's outcome.
    result = models.JSONField(_("结果"), default=list)
    error = models.TextField(_("错误"), blank=True)
    rq_id = models.CharField(_("队列任务ID"), max_length=64, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("importers:job", args=[self.pk])

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    def mark_files(self, sha256s, state, message=""):
        """Set the progress of the files ``sha256s`` (saved at once)."""
        for row in self.files:
            if row["sha256"] in sha256s:
                row.update(state=state, message=message)
        self.save(update_fields=["files"])

    def end(self, state, result=None, error=""):
        self.state, self.error, self.finished_at = state, error, timezone.now()
        if result is not None:
            self.result = result
        self.save(update_fields=["state", "error", "finished_at", "result"])
