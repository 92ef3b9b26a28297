"""python manage.py purge_check_reports: delete the public checker's reports older than
CHECKER_REPORT_HOURS. Each new check and each visit to an expired report deletes them too;
run this from cron so that none outlives its hours on a quiet site."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...models import CheckReport


class Command(BaseCommand):
    help = _("删除已过保存期限的公开核对报告。")

    def handle(self, *args, **options):
        deleted, _counts = CheckReport.objects.expired().delete()
        self.stdout.write(_("已删除%(count)s份过期的核对报告。") % {"count": deleted})
