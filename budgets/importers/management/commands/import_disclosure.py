"""python manage.py import_disclosure PATH [--publish] [--force]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgets.disclosures.models import Template
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.shanghai import read_document
from budgets.importers.writer import import_document

TEMPLATE_CODE = "shanghai-district"


class Command(BaseCommand):
    help = "导入一份上海市区级单位/部门预算公开PDF：先核对文件自身，一致才写入（一个事务）。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="PDF文件路径")
        parser.add_argument("--publish", action="store_true", help="导入后即公开")
        parser.add_argument(
            "--force", action="store_true", help="核对不一致也导入，并把问题记录为核对问题"
        )
        parser.add_argument(
            "--published-on",
            help="公开日期 YYYY-MM-DD（与 --publish 同用；默认取PDF的创建日期）",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            template = Template.objects.get(code=TEMPLATE_CODE)
        except Template.DoesNotExist as error:
            raise CommandError(
                f"数据库中没有公开模板“{TEMPLATE_CODE}”，请先 loaddata templates。"
            ) from error
        try:
            parsed = read_document(path.read_bytes(), template)
            document = import_document(
                parsed,
                template,
                publish=options["publish"],
                force=options["force"],
                published_on=options["published_on"],
                source_name=path.name,
            )
        except ImportRefusedError as error:
            raise CommandError(f"{path.name}：{error}") from error
        facts = {
            "收入": document.revenuelines.count(),
            "支出（功能）": document.functionexpenditures.count(),
            "支出（经济）": document.economicexpenditures.count(),
            "说明数字": document.statements.count(),
            "项目": document.projects.count(),
            "核对问题": document.findings.count(),
            "印出的小计": document.printedsubtotals.count(),
        }
        summary = "，".join(f"{label} {count}" for label, count in facts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入《{document.title}》（{document.get_status_display()}）：{summary}"
            )
        )
        for problem in parsed.errors + parsed.warnings:
            self.stdout.write(f"  {problem.table} / {problem.row}：{problem.message}")
