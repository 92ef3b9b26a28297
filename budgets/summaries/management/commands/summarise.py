"""python manage.py summarise: rewrite every kept figure (budgets/summaries) from the
documents — after loading data by hand (``loaddata``) or to check nothing drifted."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from ...kept import rebuild
from ...models import DocumentSummary


class Command(BaseCommand):
    help = _("由已公开的文件重新计算各页面汇总数（文件合计、类合计、地区年度合计）。")

    def handle(self, *args, **options):
        with transaction.atomic():
            rebuild()
        self.stdout.write(
            _("已重算 %(count)d 份已公开文件的汇总数。")
            % {"count": DocumentSummary.objects.count()}
        )
