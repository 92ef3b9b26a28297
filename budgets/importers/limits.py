"""Reading an uploaded PDF within limits of pages, time and memory.

A PDF is a program for a renderer: a small file can hold thousands of pages or a content
stream that takes minutes to parse (a 3,000-page file took a web worker to 4.3 GB; a
padded 19 MB file took 75 s). Uploads through the web are therefore read in a child
process that counts the pages first, runs under a memory ceiling, and is killed when its
time is up; the user gets a clear refusal within seconds and the worker stays healthy.
"""

import ctypes
import faulthandler
import io
import math
import multiprocessing
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass

import pdfplumber
from django.conf import settings
from django.utils.translation import gettext as _

from . import pdf


@dataclass(frozen=True)
class Limits:
    max_pages: int
    max_seconds: float
    #: Address space the reading may add to the process, in bytes.
    max_memory_bytes: int


def upload_limits():
    """The limits for files uploaded through the admin (settings IMPORT_MAX_*)."""
    return Limits(
        max_pages=settings.IMPORT_MAX_PAGES,
        max_seconds=settings.IMPORT_MAX_SECONDS,
        max_memory_bytes=settings.IMPORT_MAX_MEMORY_MB * 1024 * 1024,
    )


def page_count(data):
    with pdfplumber.open(io.BytesIO(data)) as document:
        return len(document.pages)


def read_in_child(connection, data, limits, ceiling):
    """Runs in the child: the outcome goes back through ``connection``. When even sending
    it exhausts the memory ceiling, nothing is sent and the parent reads the silence. The
    ceiling it sets is written to ``ceiling`` (shared memory: nothing to allocate)."""
    faulthandler.disable()  # a reading stopped for its memory is reported by the parent
    # Python's fatal-error path (a MemoryError it cannot raise) flushes sys.stdout and
    # sys.stderr; their buffers' locks may have been held by another of the parent's
    # threads when it forked, and would never be released here.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child's to its end
    try:
        outlive_nobody(limits)
        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
        ceiling.value = in_use + limits.max_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling.value, ceiling.value))
        outcome = ("ok", read_counted(data, limits))
    except pdf.ImportRefusedError as error:
        message = memory_message(limits) if out_of_memory(error) else str(error)
        outcome = ("refused", message)
    except MemoryError:
        outcome = ("refused", memory_message(limits))
    try:
        connection.send(outcome)
    except MemoryError:
        pass
    finally:
        connection.close()


#: prctl(2)'s PR_SET_PDEATHSIG: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def outlive_nobody(limits):
    """Runs in the child: it is killed when its parent dies (a web worker or job worker
    killed mid-read left a child reading 50 s past its 20 s limit), and the kernel stops
    it once it has used its time in CPU seconds, whatever becomes of the parent."""
    parent = multiprocessing.parent_process().pid
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    seconds = math.ceil(limits.max_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def read_counted(data, limits):
    """``pdf.extract(data)`` once the file's pages are counted and within the limit."""
    try:
        pages = page_count(data)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise pdf.ImportRefusedError(
            _("无法读取该PDF文件：%(error)s") % {"error": error}
        ) from error
    if pages > limits.max_pages:
        raise pdf.ImportRefusedError(
            _("该PDF文件共%(pages)s页，超过上限%(limit)s页，未读取。")
            % {"pages": pages, "limit": limits.max_pages}
        )
    return pdf.extract(data)


def out_of_memory(error):
    """Whether ``error`` came of the memory ceiling: pdfminer wraps a MemoryError in its
    own exception, which the reader wraps again."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, MemoryError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def memory_message(limits):
    return _("读取该PDF文件所需内存超过上限%(limit)sMB，已停止。") % {
        "limit": limits.max_memory_bytes // (1024 * 1024)
    }


def wait_for(receiver, child, seconds):
    """How the wait for the child ended: "answer" once its outcome (or its end of the
    pipe closing) can be read, "ended" if it is gone without either, "late" after
    ``seconds``. Looked at every 50 ms, so that a child that is gone is known at once."""
    deadline = time.monotonic() + seconds
    while not receiver.poll(min(0.05, max(0.0, deadline - time.monotonic()))):
        if not child.is_alive():
            return "answer" if receiver.poll() else "ended"
        if time.monotonic() >= deadline:
            return "late"
    return "answer"


#: How near its memory ceiling a child that overran its time is taken to have been stopped
#: by it: an allocation that fails may have asked for this much more.
NEAR_CEILING = 64 * 1024 * 1024


def at_ceiling(child, ceiling):
    """Whether the child's address space is at (near) the ceiling it set: a child starved
    of memory may hang or spin rather than die (seen in CI, not reproduced here), and is
    then stopped by its time but for its memory."""
    try:
        with open(f"/proc/{child.pid}/statm") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return False
    return ceiling > 0 and size >= ceiling - NEAR_CEILING


def extract_within(data, limits):
    """``pdf.extract(data)`` in a child process within ``limits``; ImportRefusedError when
    the file has too many pages, needs too much memory or takes too long."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    ceiling = context.RawValue("q", 0)
    child = context.Process(target=read_in_child, args=(sender, data, limits, ceiling), daemon=True)
    child.start()
    sender.close()
    try:
        waited = wait_for(receiver, child, limits.max_seconds)
        if waited == "late" and at_ceiling(child, ceiling.value):
            raise pdf.ImportRefusedError(memory_message(limits))
        if waited == "late":
            raise pdf.ImportRefusedError(
                _("该PDF文件在%(seconds)s秒内未能读完，已停止（文件可能过大或已损坏）。")
                % {"seconds": limits.max_seconds}
            )
        if waited == "ended":  # the child died without a word: killed for its memory
            raise pdf.ImportRefusedError(memory_message(limits))
        try:
            outcome, value = receiver.recv()
        except EOFError as error:  # the child died without a word: killed for its memory
            raise pdf.ImportRefusedError(memory_message(limits)) from error
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "refused":
        raise pdf.ImportRefusedError(value)
    return value
