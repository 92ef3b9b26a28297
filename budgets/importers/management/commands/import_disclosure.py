"""python manage.py import_disclosure [--publish] [--force] [--published-on DATE]
[--no-limits] PATH...

Each PATH is a file or a folder (every .pdf and .txt in it, sorted). Every distinct file is
read once and identified by its cover; files that are parts of one document are read
together; each document is checked and written in its own transaction, so a refused
document leaves the others imported. A summary table follows; the exit code is 1 when any
document (or unidentified file) was refused.

Each PDF is read as an admin upload is (``limits.extract_within``): in a child process,
refused when it has more than IMPORT_MAX_PAGES pages or needs more than
IMPORT_MAX_SECONDS / IMPORT_MAX_MEMORY_MB (a 3,000-page file once read for 90 s before it
was stopped). ``--no-limits`` reads in the command's own process, without them, for a
trusted file larger than an upload may be.

With ``--queue --user NAME`` the files are read and imported by the import queue's worker
instead, as an import job of that user started through the admin would be (their uploads,
the statuses they may choose, publishing through the review): the command keeps the files
as NAME's pending uploads, starts the job and prints where to watch it.
"""

import hashlib
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from tqdm import tqdm

from budgets.disclosures.models import Template
from budgets.importers import jobs, registry
from budgets.importers.limits import extract_within, upload_limits
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.writer import import_document

SUFFIXES = (".pdf", ".txt")


@dataclass
class Outcome:
    """What became of one document (or one file that could not be identified)."""

    label: str
    names: list[str]
    result: str  # "imported" / "findings" / "refused"
    tables: int | None = None
    facts: int | None = None
    reasons: list[str] = field(default_factory=list)  # the first is shown in the summary
    message: str = ""  # a refusal's whole message
    unread: bool = False  # refused before its tables were read (e.g. over the limits)

    @property
    def result_label(self):
        return {
            "imported": _("已导入"),
            "findings": _("已导入，有核对问题"),
            "refused": _("未导入"),
        }[self.result]


def expand(paths):
    """The files PATHs name: a file as given, a folder's .pdf/.txt files sorted by name."""
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(
                child
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in SUFFIXES
            )
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(_("找不到文件或文件夹：%(path)s") % {"path": path})
    return files


def facts_read(parsed):
    """How many facts a read document holds (rows the writer stores from it)."""
    counted = ("revenue", "expenditure", "economic", "basic_splits", "statements")
    count = sum(len(getattr(parsed, name, None) or ()) for name in counted)
    count += len(getattr(parsed, "printed_subtotals", None) or ())
    narrative = getattr(parsed, "narrative", None)
    count += len(getattr(narrative, "projects", None) or ())
    count += bool(getattr(narrative, "procurement", None))
    return count + (getattr(parsed, "restricted", None) is not None)


def width(text):
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text, columns):
    return text + " " * max(columns - width(text), 0)


class Command(BaseCommand):
    help = _(
        "导入预算公开文件（PDF，可多个文件或文件夹）：按封面识别模板并把同一文件的各部分合在一起，"
        "每份文件先核对自身，一致才写入（各自一个事务）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help=_("PDF文件或文件夹"))
        parser.add_argument("--publish", action="store_true", help=_("导入后即公开"))
        parser.add_argument(
            "--force", action="store_true", help=_("核对不一致也导入，并把问题记录为核对问题")
        )
        parser.add_argument(
            "--published-on",
            help=_("公开日期 YYYY-MM-DD（与 --publish 同用；默认沿用已有日期或PDF的创建日期）"),
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help=_("交给导入队列在后台导入（须同时给出 --user），打印任务编号和查看进度的地址"),
        )
        parser.add_argument(
            "--user", metavar="NAME", help=_("以该用户的身份在后台导入（与 --queue 同用）")
        )
        parser.add_argument(
            "--no-limits",
            action="store_true",
            help=_("不设页数、时间和内存上限读取PDF（仅用于来源可信的文件）"),
        )

    def handle(self, *args, **options):
        paths = expand(options["paths"])
        if options["queue"]:
            return self.enqueue(paths, options)
        #: Where each file read came from, by SHA-256: its bytes are kept with the document.
        self.source_paths = {}

        def named_data():
            for path in paths:
                data = path.read_bytes()
                self.source_paths[hashlib.sha256(data).hexdigest()] = path
                yield path.name, data

        files = registry.source_files(
            named_data(), progress=self.progress, extractor=self.extractor(options)
        )
        outcomes = [self.import_group(group, options) for group in registry.group_files(files)]
        if options["verbosity"] >= 1:
            for source in files:
                for name in source.also:
                    self.stdout.write(
                        _("%(name)s 与 %(first)s 内容相同，只读一次。")
                        % {"name": name, "first": source.name}
                    )
            self.summary(outcomes)
        refused = [outcome for outcome in outcomes if outcome.result == "refused"]
        if refused:
            lines = [
                _("%(count)s 份文件中 %(refused)s 份未导入：")
                % {"count": len(outcomes), "refused": len(refused)}
            ]
            for outcome in refused:
                lines.append(f"{'、'.join(outcome.names)}：{outcome.message}")
            if not options["no_limits"] and any(outcome.unread for outcome in refused):
                lines.append(
                    _("超过页数、时间或内存上限的文件，确认来源可信后可加 --no-limits 导入。")
                )
            raise CommandError("\n".join(lines))

    def extractor(self, options):
        """How PDFs are read: within the upload limits, or (``--no-limits``) as they come."""
        return None if options["no_limits"] else partial(extract_within, limits=upload_limits())

    def enqueue(self, paths, options):
        """Keep the files as the user's pending uploads and start an import job of them."""
        if not options["user"]:
            raise CommandError(_("--queue 须同时给出 --user。"))
        if options["published_on"]:
            raise CommandError(_("--published-on 不能与 --queue 同用：公开日期为审核公开之日。"))
        if options["no_limits"]:
            raise CommandError(_("--no-limits 不能与 --queue 同用：后台导入总在上限内读取。"))
        try:
            user = get_user_model().objects.get_by_natural_key(options["user"])
        except get_user_model().DoesNotExist:
            raise CommandError(_("找不到用户“%(name)s”。") % {"name": options["user"]}) from None
        if not user.has_perm("disclosures.add_document"):
            raise CommandError(_("用户“%(name)s”无权导入文件。") % {"name": options["user"]})
        uploads = {}
        for path in paths:
            data = path.read_bytes()
            uploads.setdefault(hashlib.sha256(data).hexdigest(), (path.name, data))
        jobs.keep_uploads(user, uploads.values())
        status = "published" if options["publish"] else None
        job = jobs.start_import(
            user,
            [
                {
                    "sha256s": list(uploads),
                    "status": status,
                    "force": options["force"],
                    "whole": False,
                }
            ],
        )
        self.stdout.write(
            _("导入任务 %(id)s（%(state)s）：在管理后台 %(url)s 查看进度。")
            % {
                "id": job.pk,
                "state": job.get_state_display(),
                "url": reverse("importers:job", args=[job.pk]),
            }
        )
        if job.state == job.State.FAILED:  # not queued, or run here (no queue) and failed
            raise CommandError(job.error)

    def progress(self, items):
        """A progress bar over the files being read (on a terminal only)."""
        bar = tqdm(items, desc=_("读取"), unit=_("个文件"), file=sys.stderr, disable=None)
        for item in bar:
            bar.set_postfix_str(item[0].name)
            yield item

    def import_group(self, group, options):
        outcome = Outcome(label=group.label, names=group.names, result="refused")
        if group.error:
            outcome.unread = True
            outcome.message = group.error
            outcome.reasons = [group.error]
            return outcome
        try:
            template = Template.objects.get(code=group.identity.template)
        except Template.DoesNotExist:
            outcome.message = _("数据库中没有公开模板“%(code)s”，请先 loaddata templates。") % {
                "code": group.identity.template
            }
            outcome.reasons = [outcome.message]
            return outcome
        parsed = None
        try:
            parsed = group.read(template)
            document = import_document(
                parsed,
                template,
                publish=True if options["publish"] else None,
                force=options["force"],
                published_on=options["published_on"],
                source_name="、".join(group.names)[:255],
                sources=[
                    (source.name, self.source_paths[source.sha256].read_bytes())
                    for source in group.files
                ],
                pages=group.pages,
            )
        except ImportRefusedError as error:
            outcome.message = str(error)
            outcome.reasons = [
                f"{problem.table} / {problem.row}：{problem.message}"
                for problem in (parsed.errors if parsed is not None else [])
            ] or [outcome.message]
        else:
            findings = list(document.findings.order_by("pk"))
            outcome.result = "findings" if findings else "imported"
            outcome.reasons = [
                f"{finding.table} / {finding.row}：{finding.message}" for finding in findings
            ]
            if document.corrects_id:
                outcome.reasons.insert(
                    0, _("原文件已公开，本次导入存为其更正稿，审核员批准后才公开。")
                )
        if parsed is not None:
            outcome.label = parsed.title
            outcome.tables = len(parsed.tables)
            outcome.facts = facts_read(parsed)
        return outcome

    def summary(self, outcomes):
        header = [_("文件"), _("结果"), _("表"), _("数据"), _("首个原因")]
        rows = [
            [
                outcome.label,
                outcome.result_label,
                "—" if outcome.tables is None else str(outcome.tables),
                "—" if outcome.facts is None else str(outcome.facts),
                outcome.reasons[0].splitlines()[0] if outcome.reasons else "",
            ]
            for outcome in outcomes
        ]
        columns = [max(width(row[index]) for row in [header, *rows]) for index in range(4)]
        for index, row in enumerate([header, *rows]):
            line = (
                "  ".join(pad(cell, columns[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
            )
            if index == 0:
                self.stdout.write(line.rstrip())
                continue
            style = {
                "imported": self.style.SUCCESS,
                "findings": self.style.WARNING,
                "refused": self.style.ERROR,
            }[outcomes[index - 1].result]
            self.stdout.write(style(line.rstrip()))
        counts = {
            key: sum(outcome.result == key for outcome in outcomes)
            for key in ("imported", "findings", "refused")
        }
        self.stdout.write(
            _("共 %(total)s 份：已导入 %(imported)s，有核对问题 %(findings)s，未导入 %(refused)s。")
            % {"total": len(outcomes), **counts}
        )
