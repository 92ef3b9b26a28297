"""Built bulk files, kept on disk under the data version. No HTTP here.

A region-year's download is built once per data version and format and then served from
disk: a large one takes seconds to build and megabytes to hold, too much to rebuild per
request or to keep in the page cache. The file's name holds the version (the page
cache's, ``caching.version``), so a change to any published data makes the next request
build afresh; the files of earlier versions are removed then. Where the page cache is
off (tests) or down, nothing is kept: each request builds its own file, as each page is
then rendered afresh.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from budgets.caching import version
from budgets.caching.middleware import degraded, enabled

from . import builder


def cache_dir():
    """``BULK_CACHE_DIR``, else a folder in the temporary folder."""
    explicit = getattr(settings, "BULK_CACHE_DIR", None)
    return Path(explicit) if explicit else Path(tempfile.gettempdir()) / "yusuan-bulk"


def kept_name(region, year, fmt, token):
    digest = hashlib.sha256(token.encode()).hexdigest()[:16]
    return f"{region.code}-{year}-{digest}.{builder.EXTENSIONS[fmt]}"


def open_download(region, year, fmt):
    """The download, opened for reading (binary): kept from an earlier request under the
    current data version, else built now."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    kept = None
    if enabled() and not degraded():
        kept = folder / kept_name(region, year, fmt, version.current()[0])
        if kept.exists():
            return open(kept, "rb")
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    try:
        builder.build(region, year, fmt, temporary)
        opened = open(temporary, "rb")  # noqa: SIM115 - the response closes it
    except BaseException:
        os.unlink(temporary)
        raise
    if kept is None:
        os.unlink(temporary)  # the open file stays readable until it is closed
    else:
        os.replace(temporary, kept)
        remove_earlier(folder, kept)
    return opened


def remove_earlier(folder, kept):
    """The files of the same region-year and format under earlier data versions."""
    prefix, _sep, rest = kept.name.rpartition("-")
    ending = rest.partition(".")[2]
    for path in folder.glob(f"{prefix}-*.{ending}"):
        if path != kept:
            path.unlink(missing_ok=True)
