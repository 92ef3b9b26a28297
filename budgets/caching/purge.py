"""Telling a CDN in front of the site that every page changed.

Pages carry ``s-maxage`` (``PUBLIC_CACHE_S_MAXAGE``), so a CDN may keep them longer than
a browser; when the data changes (a publication, a correction, a withdrawal: the data
version moves, ``version``), the CDN must drop them. With ``CDN_PURGE_URL`` set, every
committed change POSTs ``{"purge_everything": true}`` there (the body Cloudflare's purge
API takes; ``CDN_PURGE_TOKEN`` goes in ``Authorization: Bearer``), in a background thread
with a 5 s timeout: a slow or failing CDN never holds up the publication, and a failure
is logged.
"""

import json
import logging
import threading
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)


def purge_all():
    """Ask the CDN to drop every page (no-op without ``CDN_PURGE_URL``)."""
    url = getattr(settings, "CDN_PURGE_URL", "")
    if url:
        token = getattr(settings, "CDN_PURGE_TOKEN", "")
        threading.Thread(target=send, args=(url, token), daemon=True).start()


def send(url, token):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps({"purge_everything": True}).encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            response.read()
    except OSError as error:
        logger.warning("cdn purge failed", extra={"event": "cdn_purge_failed", "error": str(error)})
