"""python manage.py roundtrip [--count N] [--start S] [--document ID] [--culprits]

Renders variants of the real documents (seed S, S+1, … cycling over the documents the
fixtures hold and a reader reads) and imports each back (``rendering.roundtrip``): one
line per variant, OK or its first differences, then a summary. Exit code 1 if any failed.

It never touches the configured database: it runs itself again on a throwaway SQLite
file, migrated and loaded with the fixtures (``--here`` runs on the configured database
instead, each variant's import rolled back; the tests do so).
"""

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from budgets.rendering.roundtrip import causes, readable_documents, round_trip

FIXTURES = ("templates", "baoji_2023", "shanghai_putuo", "jiangsu_provincial")


def passed_on(options):
    """The command's own arguments, for the run in the throwaway database."""
    arguments = ["--count", str(options["count"]), "--start", str(options["start"])]
    if options["document"]:
        arguments += ["--document", str(options["document"])]
    return arguments + (["--culprits"] if options["culprits"] else [])


class Command(BaseCommand):
    help = "按种子把真实文件排成各种版式的PDF，再导入回来，逐一核对事实和表格是否完全一致。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=60, help="变体个数（默认60）")
        parser.add_argument("--start", type=int, default=1, help="第一个种子（默认1）")
        parser.add_argument("--document", type=int, help="只排这份文件（编号）")
        parser.add_argument("--culprits", action="store_true", help="失败时找出单独致错的版式选项")
        parser.add_argument("--here", action="store_true", help="在当前配置的数据库中运行")

    def handle(self, *args, **options):
        """Seed after seed, each round trip's line; a summary; 1 if any failed."""
        if not options["here"]:
            return self.in_throwaway_database(passed_on(options))
        documents = readable_documents()
        if options["document"]:
            documents = [d for d in documents if d.pk == options["document"]]
        if not documents:
            raise CommandError("数据库中没有可读取的真实文件：请先 loaddata 各 fixture。")
        started, outcomes = time.perf_counter(), []
        for offset in range(options["count"]):
            seed = options["start"] + offset
            document = documents[(seed - 1) % len(documents)]
            result = round_trip(document, seed)
            outcomes.append(result)
            self.report(result, options["culprits"])
        self.summary(outcomes, time.perf_counter() - started)
        failed = sum(not result.ok for result in outcomes)
        if failed:
            raise CommandError(f"{failed} / {len(outcomes)} 个变体未能原样导入。")

    def report(self, result, with_culprits):
        seconds = sum(result.seconds.values())
        line = f"{result.seed:>5}  {result.document.title}  {seconds:5.1f}s  "
        self.stdout.write(line + result.summary())
        if with_culprits and not result.ok:
            for knob, value, single in causes(result.document, result.seed):
                self.stdout.write(f"         {knob}={value!r}: {single.summary(1)}")

    def summary(self, outcomes, seconds):
        by_template = Counter(result.document.template.code for result in outcomes)
        passed = Counter(result.document.template.code for result in outcomes if result.ok)
        refused = sum(bool(result.refusal) for result in outcomes)
        failed = sum(not result.ok for result in outcomes)
        self.stdout.write(
            f"{len(outcomes)} variants: {len(outcomes) - failed} passed, {failed} failed "
            f"({refused} refused, {failed - refused} with differences) in {seconds:.0f}s"
        )
        for code, count in sorted(by_template.items()):
            self.stdout.write(f"  {code}: {passed[code]}/{count} passed")

    def in_throwaway_database(self, arguments):
        """Migrate a temporary SQLite file, load the fixtures, run there with ``--here``."""
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        with tempfile.TemporaryDirectory(prefix="roundtrip-") as folder:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/roundtrip.sqlite3"}
            for step in (["migrate", "-v0"], ["loaddata", "-v0", *FIXTURES]):
                subprocess.run([*manage, *step], env=env, check=True)
            done = subprocess.run([*manage, "roundtrip", "--here", *arguments], env=env)
        if done.returncode:
            # The run there has said which failed and why.
            sys.exit(done.returncode)
