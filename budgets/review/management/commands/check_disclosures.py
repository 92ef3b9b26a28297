"""python manage.py check_disclosures [--document ID ...]: the checks a document must pass
before it is submitted and published (budgets/review/checks.py), for every document or the
ones named. Prints each error and warning with its table and row; exit code 1 when any
document has an error that no reviewer's written override covers."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budgets.disclosures.models import Document

from ... import checks


class Command(BaseCommand):
    help = _("核对预算公开文件（发布前核对）：数字一致、各表齐全、科目目录、合理性提示。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--document",
            type=int,
            action="append",
            help=_("文件ID（可重复；缺省为全部文件）"),
        )

    def handle(self, *args, **options):
        documents = Document.objects.select_related("organisation").order_by("pk")
        if options["document"]:
            documents = documents.filter(pk__in=options["document"])
            missing = set(options["document"]) - {document.pk for document in documents}
            if missing:
                raise CommandError(
                    _("没有这些文件：%(ids)s") % {"ids": ", ".join(map(str, sorted(missing)))}
                )
        failed = 0
        for document in documents:
            problems = checks.check(document)
            blocking = {problem.key for problem in checks.blocking(document, problems)}
            errors = sum(1 for problem in problems if problem.is_error)
            warnings = len(problems) - errors
            self.stdout.write(
                f"[{document.pk}] {document.title}（{document.get_status_display()}）："
                + _("错误 %(errors)d，提示 %(warnings)d") % {"errors": errors, "warnings": warnings}
            )
            for problem in problems:
                if problem.is_error:
                    label = _("错误") if problem.key in blocking else _("错误（已放行）")
                else:
                    label = _("提示")
                where = " ".join(part for part in (problem.table, problem.row) if part)
                self.stdout.write(f"  {label} {where + '：' if where else ''}{problem.message}")
            if blocking:
                failed += 1
        if failed:
            self.stderr.write(_("%(n)d 份文件有未放行的错误。") % {"n": failed})
            raise SystemExit(1)
