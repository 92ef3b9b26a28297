"""Compare stored documents with the PDFs they were imported from, cell by cell.

    manage.py check_fidelity [--details N] PATH...

Each PATH is a file or a folder. The files are grouped into documents as the importer
groups them; each document already stored is compared with what its files print on their
table pages. One line per document: the printed amounts the site reproduces and the
served amounts the PDF prints, with the differences below it. Exit code 1 when any
table differs. (An importers' command: it reads and groups the files as
``import_disclosure`` does, then asks ``budgets.fidelity.gate`` for the verdict.)
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budgets.disclosures.models import Document
from budgets.fidelity import gate
from budgets.organisations.models import Organisation

from ... import registry
from .import_disclosure import expand


class Command(BaseCommand):
    help = _("核对已导入文件的网站表格与PDF印出的数字")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--details", type=int, default=20, metavar="N")

    def handle(self, *args, **options):
        named = ((path.name, path.read_bytes()) for path in expand(options["paths"]))
        failed = 0
        for group in registry.group_files(registry.source_files(named)):
            document = stored_document(group)
            if document is None:
                self.stderr.write(
                    _("%(names)s：未找到已导入的文件") % {"names": "、".join(group.names)}
                )
                failed += 1
                continue
            verdict = gate.verdict(document, group.pages)
            if verdict is None:
                continue
            self.report(document, verdict, options["details"])
            failed += not verdict.ok
        if failed:
            raise CommandError(_("%(count)s 份文件与网站不符或未找到。") % {"count": failed})

    def report(self, document, verdict, details):
        self.stdout.write(
            _(
                "%(id)s %(title)s：印出 %(printed)s 个数，网站重现 %(reproduced)s%%；"
                "网站 %(served)s 个数，文件印出 %(shown)s%%"
            )
            % {
                "id": document.pk,
                "title": document.title,
                "printed": len(verdict.printed),
                "reproduced": verdict.share("printed"),
                "served": len(verdict.served),
                "shown": verdict.share("served"),
            }
        )
        for table, row, message in gate.messages(verdict)[:details]:
            self.stdout.write(f"  {table} / {row}：{message}")


def stored_document(group):
    """The stored Document the files of ``group`` are, or None."""
    if group.identity is None:
        return None
    identity = group.identity
    kind = (
        Organisation.Kind.DEPARTMENT
        if identity.scope == Document.Scope.DEPARTMENT
        else Organisation.Kind.UNIT
    )
    return Document.objects.filter(
        organisation__name=identity.organisation,
        organisation__kind=kind,
        year=identity.year,
        stage=identity.stage,
        scope=identity.scope,
        template__code=identity.template,
    ).first()
