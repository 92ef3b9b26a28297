"""Issue 18: a reader child never outlives the worker that started it.

An upload's PDF is read in a child process (``importers.limits``). A web or job worker
killed mid-read used to leave its child reading on, 50 s past its 20 s limit. Here a
process starts a long reading and is killed with SIGKILL; its child must be gone at once.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budgets.settings_test")
import django
django.setup()
from budgets.importers.limits import Limits, extract_within
from tests.test_import_limits import blank_pdf
data = blank_pdf(3000, text="slow")  # MARKER
print("reading", flush=True)
extract_within(data, Limits(max_pages=10000, max_seconds=120, max_memory_bytes=2**31))
"""


def processes_with(marker):
    """PIDs of the processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_the_reader_child_dies_with_its_parent():
    marker = f"reader-{uuid.uuid4().hex}"
    code = SCRIPT.replace("MARKER", marker)
    parent = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, env=os.environ.copy()
    )
    try:
        assert parent.stdout.readline().strip() == b"reading"
        deadline = time.monotonic() + 30
        while len(processes_with(marker)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(processes_with(marker)) == 2, "the reading child did not start"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 3
        while processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_with(marker) == []
    finally:
        for pid in processes_with(marker):
            os.kill(pid, signal.SIGKILL)
