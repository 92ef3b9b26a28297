"""python manage.py check_pdf FILE... [--format text|json|xlsx] [--out PATH]: every rule of
the checker (budgets/checker) on the published files given, imported or not. Files of one
document (江苏's narrative and tables) are given together. Exit code 1 when any document has
an error."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import engine, output

FORMATS = {"text": output.as_text, "json": output.as_json, "xlsx": output.as_xlsx}


class Command(BaseCommand):
    help = _(
        "核对已公开的预算、决算PDF文件（不导入）：逐条列出文字、年度、表头、增减、百分比、目录和导入核对发现的问题。"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("PDF文件（同一文件的各部分一起给出）"))
        parser.add_argument("--format", choices=sorted(FORMATS), default="text")
        parser.add_argument("--out", help=_("写入此文件（XLSX必须指定）"))

    def handle(self, *args, **options):
        if options["format"] == "xlsx" and not options["out"]:
            raise CommandError(_("XLSX格式须用 --out 指定输出文件。"))
        named = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("找不到文件：%(name)s") % {"name": name})
            named.append((path.name, path.read_bytes()))
        report = engine.check_files(named)
        written = FORMATS[options["format"]](report)
        if options["out"]:
            data = written if isinstance(written, bytes) else written.encode("utf-8")
            Path(options["out"]).write_bytes(data)
        else:
            self.stdout.write(written, ending="")
        if report.has_errors:
            raise SystemExit(1)
