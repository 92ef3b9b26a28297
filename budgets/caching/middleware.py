"""Public GET pages and API answers, cached under the data version.

Applies to every public GET (or HEAD) route, present and future, without per-view code;
never to the admin, the language and unit switches, a staff preview (``?preview=``), a
request carrying a session (a signed-in user) or a response that sets a cookie or is not
200, nor a page asked with a query parameter it does not read (``ReadQuery``). The key
holds the data version, the host, the full path (with its query), and the
language and amount unit the reader chose (both come from cookies, hence ``Vary:
Cookie``). Each cached response carries an ETag and Last-Modified derived from the data
version, so a browser revalidates with a 304 that costs no rendering.
"""

import hashlib
from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import patch_vary_headers

from budgets.web.units import UNIT_COOKIE

from . import version

#: Paths never cached: staff pages, the switches that set cookies.
EXCLUDED_PREFIXES = ("/admin/", "/i18n/", "/unit/", "/static/")
EXCLUDED_PARAMETERS = ("preview",)
#: Headers a cached response does not keep (set afresh on every answer).
DROPPED_HEADERS = {"set-cookie", "vary", "cache-control", "etag", "last-modified", "date"}


def max_age():
    return getattr(settings, "PUBLIC_CACHE_MAX_AGE", 60)


def timeout():
    return getattr(settings, "PUBLIC_CACHE_TIMEOUT", 24 * 60 * 60)


def enabled():
    """``PUBLIC_CACHE`` (default on). Under Django's test runner it is off unless a test
    turns it on: the runner rolls each test's data back without a signal, so a page
    cached in one test could otherwise be served in the next."""
    explicit = getattr(settings, "PUBLIC_CACHE", None)
    if explicit is not None:
        return explicit
    return not hasattr(mail, "outbox")


def cacheable_request(request):
    if not enabled():
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if any(name in request.GET for name in EXCLUDED_PARAMETERS):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def sets_cookie_later(request):
    """Whether a middleware outside this one will set a cookie: a CSRF token was used
    (a form), or the session changed."""
    session = getattr(request, "session", None)
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or bool(
        session is not None and session.modified
    )


class ReadQuery(QueryDict):
    """A request's query that remembers which parameters the view read (``read``; "*"
    when it used them all, e.g. to echo them into a link). A parameter no view reads must
    not make a cache entry of its own: any made-up ``?x=1`` would otherwise keep a copy of
    the page for 24 hours."""

    def remember(self, key):
        self.__dict__.setdefault("read", set()).add(key)
        return key

    def __getitem__(self, key):
        return super().__getitem__(self.remember(key))

    def __contains__(self, key):
        return super().__contains__(self.remember(key))

    def get(self, key, default=None):
        return super().get(self.remember(key), default)

    def getlist(self, key, default=None):
        return super().getlist(self.remember(key), default)


def read_whole(name):
    method = getattr(QueryDict, name)

    def whole(self, *args, **kwargs):
        self.remember("*")
        return method(self, *args, **kwargs)

    whole.__name__ = name
    return whole


for _name in ("copy", "urlencode", "items", "lists", "keys", "values", "dict", "__iter__"):
    setattr(ReadQuery, _name, read_whole(_name))


def unread_parameters(request, present):
    """The parameters of ``present`` the view never read."""
    read = getattr(request.GET, "read", set())
    return set() if "*" in read else present - read


def degraded():
    """Whether the shared cache is down (``resilient``): pages are then neither read from
    nor kept in the process's stand-in, which other processes' publications cannot reach."""
    return getattr(cache, "is_down", bool)()


def page_key(request, token):
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    unit = request.COOKIES.get(UNIT_COOKIE, "")
    raw = "|".join([token, request.get_host(), request.get_full_path(), language, unit])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def not_modified(request, etag, changed):
    matches = request.headers.get("If-None-Match")
    if matches is not None:
        return etag in [tag.strip() for tag in matches.split(",")] or matches.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            return int(changed) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, OverflowError):
            return False
    return False


def finish(response, etag, changed):
    """The cache headers: browsers revalidate after ``max-age``; a CDN keeps the page for
    ``s-maxage`` (purged on every change, ``purge``) and may serve it stale for
    ``stale-while-revalidate`` seconds while it fetches a fresh one."""
    response["ETag"] = etag
    response["Last-Modified"] = formatdate(int(changed), usegmt=True)
    shared = getattr(settings, "PUBLIC_CACHE_S_MAXAGE", 300)
    stale = getattr(settings, "PUBLIC_CACHE_STALE_SECONDS", 30)
    response["Cache-Control"] = (
        f"public, max-age={max_age()}, s-maxage={shared}, stale-while-revalidate={stale}"
    )
    patch_vary_headers(response, ("Cookie",))
    return response


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        token, changed = version.current()
        if degraded():
            return self.get_response(request)
        key = page_key(request, token)
        etag = f'"{key[5:37]}"'
        if not_modified(request, etag, changed) and cache.get(key) is not None:
            return finish(HttpResponseNotModified(), etag, changed)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return finish(response, etag, changed)
        present = set(dict.keys(request.GET))
        request.GET.__class__ = ReadQuery
        response = self.get_response(request)
        if not cacheable_response(response) or sets_cookie_later(request) or degraded():
            return response
        if unread_parameters(request, present):
            response["X-Cache"] = "bypass"  # a parameter the page does not use
            return response
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
        ]
        cache.set(key, (response.status_code, headers, response.content), timeout())
        response["X-Cache"] = "miss"
        return finish(response, etag, changed)
