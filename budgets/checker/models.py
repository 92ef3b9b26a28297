"""A report of the public checker (``/checker/``), kept for ``CHECKER_REPORT_HOURS``.

Only the report is kept, never the files: their bytes live in the request that checked them.
The report is kept as ``output.as_json`` wrote it, so that its download is those very bytes,
and its page and XLSX are made from it again (``as_report``). Its key is random (192 bits)
and is all that gives it away: whoever has the address may read it, nobody can guess one.
"""

import datetime
import json
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import Finding
from .engine import DocumentReport, Report


def new_key():
    return secrets.token_urlsafe(24)


def lifetime():
    return datetime.timedelta(hours=settings.CHECKER_REPORT_HOURS)


class CheckReportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created__lt=timezone.now() - lifetime())


class CheckReport(models.Model):
    key = models.CharField(primary_key=True, max_length=32, default=new_key, editable=False)
    created = models.DateTimeField(_("核对时间"), default=timezone.now, db_index=True)
    #: ``output.as_json`` of the report, as written.
    report = models.TextField(_("核对结果（JSON）"))

    objects = CheckReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("核对报告")
        verbose_name_plural = _("核对报告")

    def __str__(self):
        return self.key

    def get_absolute_url(self):
        return reverse("checker:report", args=[self.key])

    @property
    def expires(self):
        return self.created + lifetime()

    @property
    def is_expired(self):
        return self.expires <= timezone.now()

    def as_report(self):
        """The ``engine.Report`` the JSON was written from."""
        return Report(
            [
                DocumentReport(
                    document["document"],
                    document["files"],
                    [as_finding(finding) for finding in document["findings"]],
                    read=document["read"],
                )
                for document in json.loads(self.report)["documents"]
            ]
        )


def as_finding(data):
    return Finding(**{**data, "figures": tuple(data["figures"])})
