"""The data version: changes whenever anything the public pages show changes.

Every rendered page and API answer is cached under the version (``middleware.py``), so a
change is never served stale: publishing, withdrawing, revising, re-importing, editing a
fact or a code moves the version, and the next request renders afresh.

- Every ``post_save`` / ``post_delete`` of a model of the project's data apps bumps it
  (admin, review workflow, loaddata); writers that bypass signals (``bulk_create`` in the
  import writer, COPY in ``generate_synthetic``) call ``bump()`` themselves.
- ``bump()`` moves the version in the cache at once (so the same process, and a test
  inside one transaction, sees the change) and again when the transaction commits (so a
  request that rendered the old data while the change was uncommitted cannot leave it
  cached under the new version). After the commit it also raises the ``DataVersion`` row.
- Where the cache is shared by every server process (Redis), the cache's version is
  enough. Where it is per process (local memory), one process cannot see another's
  cache, so the version also includes a small file beside the database's name in the
  temporary folder, rewritten after each commit (``os.replace``) and read on each
  request: no query either way, and every process on the machine sees every change
  (several machines need the shared cache, as production has).
"""

import hashlib
import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from . import purge

KEY = "data-version"
#: Apps whose rows the public pages show.
DATA_APP_PREFIX = "budgets."
NOT_DATA = {"caching"}
PROCESS_LOCAL = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def shared_cache():
    """Whether every server process sees the same cache (``DATA_VERSION_IN_CACHE``
    overrides: tests of one process may set it)."""
    explicit = getattr(settings, "DATA_VERSION_IN_CACHE", None)
    if explicit is not None:
        return explicit
    return settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL


def _new():
    return (uuid.uuid4().hex[:12], time.time())


def cached_version():
    value = cache.get(KEY)
    if value is None:
        value = _new()
        if not cache.add(KEY, value, None):
            value = cache.get(KEY) or value
    return value


def version_file():
    explicit = getattr(settings, "DATA_VERSION_FILE", None)
    if explicit:
        return Path(explicit)
    database = settings.DATABASES["default"]
    name = f"{database['ENGINE']}|{database.get('HOST', '')}|{database['NAME']}"
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"yusuan-data-version-{digest}"


def file_version():
    path = version_file()
    try:
        return path.read_text(), path.stat().st_mtime
    except OSError:
        return "0", 0.0


def write_file_version():
    path = version_file()
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(uuid.uuid4().hex[:12])
        os.replace(temporary, path)
    except OSError:
        pass


def current():
    """(token, timestamp of the last change) of the data the pages show."""
    token, changed = cached_version()
    if shared_cache():
        return token, changed
    number, file_changed = file_version()
    return f"{token}.{number}", max(changed, file_changed)


def _after_commit():
    cache.set(KEY, _new(), None)
    if not shared_cache():
        write_file_version()
    purge.purge_all()


def bump():
    """The data changed (or is changing in the current transaction)."""
    cache.set(KEY, _new(), None)
    if connection.in_atomic_block:
        if not any(func is _after_commit for _sids, func, _robust in connection.run_on_commit):
            transaction.on_commit(_after_commit)
    else:
        _after_commit()


def is_data(model):
    meta = model._meta
    module = model.__module__
    return module.startswith(DATA_APP_PREFIX) and meta.app_label not in NOT_DATA


def changed(sender, **kwargs):
    if is_data(sender):
        bump()


def after_cache_outage():
    """The shared cache is back after an outage (``resilient``): changes made meanwhile
    moved the version only where they were made, so move it for everyone."""
    cache.set(KEY, _new(), None)


def connect_signals():
    post_save.connect(changed, dispatch_uid="caching-data-version-save")
    post_delete.connect(changed, dispatch_uid="caching-data-version-delete")
