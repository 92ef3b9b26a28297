"""The bulk downloads of a region-year: thin, the files are built in ``builder``."""

import hashlib

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.translation import gettext as _

from budgets.caching import version
from budgets.caching.middleware import cacheable_request, finish, not_modified
from budgets.regions.queries import region_or_404
from budgets.web.pages import XLSX, attachment

from . import builder, files, records

CONTENT_TYPES = {"csv": "application/zip", "xlsx": XLSX, "parquet": "application/zip"}


def download(request, code, year, fmt):
    region = region_or_404(code)
    if not records.documents_of(region, year).exists():
        raise Http404(_("该地区本年没有已公开的文件。"))
    token, changed = version.current()
    etag = '"' + hashlib.sha256(f"{token}|{request.path}".encode()).hexdigest()[:32] + '"'
    public = cacheable_request(request)
    if public and not_modified(request, etag, changed):
        return finish(HttpResponseNotModified(), etag, changed)
    response = FileResponse(files.open_download(region, year, fmt), content_type=CONTENT_TYPES[fmt])
    attachment(response, builder.file_name(region, year, fmt))
    # Streamed, so the page cache passes it by: the same public headers, set here.
    return finish(response, etag, changed) if public else response
