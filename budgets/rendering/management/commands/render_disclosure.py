"""python manage.py render_disclosure DOCUMENT_ID --out FOLDER [--variant SEED]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgets.disclosures.models import Document
from budgets.rendering.document import render_document
from budgets.rendering.fonts import FontMissingError


class Command(BaseCommand):
    help = (
        "把一份已存的预算公开文件按其模板排成PDF（公开文件原样）；"
        "--variant SEED 按种子变换真实文件会变换的版式。"
    )

    def add_arguments(self, parser):
        parser.add_argument("document", type=int, metavar="DOCUMENT_ID")
        parser.add_argument("--out", required=True, help="PDF写入的文件夹")
        parser.add_argument("--variant", type=int, default=None, metavar="SEED")

    def handle(self, *args, **options):
        try:
            document = Document.objects.select_related("organisation", "template").get(
                pk=options["document"]
            )
        except Document.DoesNotExist as error:
            raise CommandError(f"没有编号为 {options['document']} 的预算公开文件。") from error
        folder = Path(options["out"])
        folder.mkdir(parents=True, exist_ok=True)
        try:
            files = render_document(document, options["variant"])
        except FontMissingError as error:
            raise CommandError(str(error)) from error
        for rendered in files:
            path = folder / rendered.name
            path.write_bytes(rendered.data)
            self.stdout.write(str(path))
