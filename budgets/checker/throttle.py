"""At most ``CHECKER_RATE`` checks an hour from one address, counted in the cache.

Reading PDFs is the costliest thing a visitor can ask of the site. Each check that runs
(files accepted, the engine started) is recorded with its time under the client's address
(``security.client_ip``, which knows the proxies in front); once the last hour holds
``CHECKER_RATE`` of them, a check is refused until the oldest is an hour old. The cache is
Redis, shared by every worker; when Redis is down the resilient cache counts per process
(``caching.resilient``), so the limit is loosened, never the site stopped.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from budgets.security import client_ip

WINDOW_SECONDS = 60 * 60
#: The clock the throttle reads (tests may move it).
clock = time.time


def _key(request):
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()
    return f"checker-rate:{digest}"


def _recent(request, now):
    return [moment for moment in cache.get(_key(request)) or [] if now - moment < WINDOW_SECONDS]


def wait_seconds(request):
    """Seconds until the client may check again (0: now; ``CHECKER_RATE`` 0: no limit)."""
    now = clock()
    recent = _recent(request, now)
    if settings.CHECKER_RATE <= 0 or len(recent) < settings.CHECKER_RATE:
        return 0
    return max(1, math.ceil(recent[-settings.CHECKER_RATE] + WINDOW_SECONDS - now))


def record(request):
    now = clock()
    recent = _recent(request, now)[-settings.CHECKER_RATE :] + [now]
    cache.set(_key(request), recent, timeout=WINDOW_SECONDS + 60)
