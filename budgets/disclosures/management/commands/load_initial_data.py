"""python manage.py load_initial_data: the committed fixtures, into an empty database only.

The setup script runs this on every start. Loading a fixture again would put its
documents' facts back over whatever staff have changed since, so once the database holds
any organisation or document, nothing is loaded. (The templates are there from
``migrate`` on, ``budgets.families.templates``; loading them again changes nothing.)
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from budgets.disclosures.models import Document, SourceFile
from budgets.organisations.models import Organisation

#: Loaded first: every document names its template.
FIRST = "templates"
#: The files the fixtures' documents were read from (``build_fixtures`` copies them).
ORIGINALS = Path(settings.BASE_DIR) / "fixtures" / "originals"


def fixture_names():
    """Every committed fixture, the templates first, the rest by name."""
    names = {path.stem for folder in settings.FIXTURE_DIRS for path in folder.glob("*.json")}
    return [FIRST] + sorted(names - {FIRST})


class Command(BaseCommand):
    help = "把仓库中的示例数据（fixtures/）载入空数据库；数据库已有数据时不载入，不覆盖任何修改。"

    def handle(self, *args, **options):
        if Organisation.objects.exists() or Document.objects.exists():
            self.stdout.write("数据库已有数据，未载入示例数据（不覆盖任何修改）。")
            return
        names = fixture_names()
        call_command("loaddata", *names, verbosity=options["verbosity"])
        attached = attach_originals(ORIGINALS)
        self.stdout.write(f"已载入示例数据：{'、'.join(names)}；原始文件 {attached} 份。")


def attach_originals(folder):
    """Keep each loaded document's original files (``fixtures/originals/``, named as its
    ``source_name`` lists them) as its SourceFiles, for readers to download and check by
    SHA-256; the number of documents given files."""
    attached = 0
    for document in Document.objects.exclude(source_name=""):
        paths = [Path(folder) / name for name in document.source_name.split("、")]
        if paths and all(path.is_file() for path in paths):
            SourceFile.replace_for(document, [(path.name, path.read_bytes()) for path in paths])
            attached += 1
    return attached
