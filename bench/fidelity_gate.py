"""What the fidelity gate adds to an import, per real document, in seconds and as a share.

    DEBUG=true .venv/bin/python bench/fidelity_gate.py [DISCLOSURES_DIR]

An import without the gate: pdfplumber's page text and ruled tables (what the template
readers need), the reader with its checks, and the write. The gate adds the words and
ruling lines of each page (measured after the reader's extraction, as the import takes
them from the same opened page) and the comparison of the stored tables with them. Runs
against a throw-away SQLite database; nothing else is touched.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budgets.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
django.setup()

import pdfplumber  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from budgets.disclosures.models import Template  # noqa: E402
from budgets.fidelity import gate  # noqa: E402
from budgets.importers import registry  # noqa: E402
from budgets.importers.writer import import_document  # noqa: E402


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def extraction_times(data):
    """(reader's extraction, the gate's words and rulings) in seconds for one file."""
    reader = extra = 0.0
    with pdfplumber.open(io.BytesIO(data)) as document:
        for page in document.pages:
            _, seconds = timed(lambda page=page: (page.extract_text(), page.find_tables()))
            reader += seconds
            _, seconds = timed(lambda page=page: (page.extract_words(), page.edges))
            extra += seconds
    return reader, extra


class RollbackError(Exception):
    pass


def measure(group):
    """Seconds for one document: extract, gate's extraction, read, write, gate."""
    extract = words = 0.0
    for source in group.files:
        data = source.path.read_bytes()
        reader, extra = extraction_times(data)
        extract, words = extract + reader, words + extra
    template = Template.objects.get(code=group.identity.template)
    parsed, read = timed(group.read, template)
    try:
        with transaction.atomic():
            document, write = timed(import_document, parsed, template, force=True)
            _, compare = timed(gate.verdict, document, group.pages)
            raise RollbackError
    except RollbackError:
        pass
    return extract, words, read, write, compare


def main(folder):
    call_command("migrate", verbosity=0)
    call_command("loaddata", "templates", verbosity=0)
    paths = sorted(path for path in Path(folder).glob("*.pdf") if "模板" not in path.name)
    named = [(path.name, path.read_bytes()) for path in paths]
    by_name = {path.name: path for path in paths}
    files = registry.source_files(named)
    for source in files:
        source.path = by_name[source.name]
    print(f"{'document':<44} import  gate  share")
    totals = [0.0, 0.0]
    for group in registry.group_files(files):
        if group.error:
            continue
        extract, words, read, write, compare = measure(group)
        base, added = extract + read + write, words + compare
        totals = [totals[0] + base, totals[1] + added]
        print(f"{group.label[:44]:<44} {base:6.2f} {added:5.2f} {100 * added / base:5.1f}%")
    print(f"{'all':<44} {totals[0]:6.2f} {totals[1]:5.2f} {100 * totals[1] / totals[0]:5.1f}%")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/disclosures")
