"""What every /api/ response shares, whichever app serves it: JSON bodies, JSON errors,
methods, CORS and paging.

- Bodies are UTF-8 JSON (``ensure_ascii`` off: names read as printed).
- Errors are ``{"error": {"status": …, "message": …}}`` (``parameter`` too for a bad
  query value), the message in the visitor's language (Chinese unless English was chosen).
- Only GET and HEAD; OPTIONS answers a CORS preflight; any other method is a JSON 405.
- Every answer under /api/ (errors included) carries ``Access-Control-Allow-Origin: *``:
  the data are public, nothing depends on cookies, so no credentials are allowed.
- A list comes a page at a time (``page_of``): ``?page=`` and ``?page_size=`` (at most
  ``MAX_PAGE_SIZE``), with the count and the next and previous pages' URLs.

``api_routes`` applies all this to every route of the API's URLconf (``budgets.api.urls``,
which also routes the JSON twins of the region and execution pages); ``page_not_found``
and ``server_error`` are the site's handler404/500, answering JSON under /api/ and the
site's HTML pages elsewhere. A 404 stays an ``Http404`` raised by the view (``NotFound``
carries the message), so Django's own exception handling, its logs and signals see it as
before.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

PREFIX = "/api/"
METHODS = ("GET", "HEAD")
ALLOW = "GET, HEAD, OPTIONS"
#: Request headers a cross-origin reader may send (beyond the CORS-safelisted ones).
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type, X-Requested-With"
PREFLIGHT_MAX_AGE = str(24 * 60 * 60)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

DIGITS = re.compile(r"[0-9]+")  # ASCII only: int() would also read “２０２５” or “٢٠٢٥”


class NotFound(Http404):
    """A 404 whose message (translated) the JSON error shows."""


def json_response(payload, status=200):
    return JsonResponse(
        payload, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def with_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status, message, **extra):
    error = {"status": status, "message": str(message), **extra}
    return with_cors(json_response({"error": error}, status=status))


def bad_request(parameter, message):
    return error_response(400, message, parameter=parameter)


def method_not_allowed():
    response = error_response(405, _("只接受 GET 请求。"))
    response["Allow"] = ALLOW
    return response


def preflight():
    response = with_cors(HttpResponse(status=204))
    del response["Content-Type"]
    response["Allow"] = ALLOW
    response["Access-Control-Allow-Methods"] = ALLOW
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def api_view(view):
    """The view, answering only GET/HEAD (OPTIONS: CORS preflight), with CORS headers.

    Exempt from CSRF: it changes nothing, and a POST must get the JSON 405, not the
    CSRF failure page."""
    if getattr(view, "is_api_view", False):
        return view

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight()
        if request.method not in METHODS:
            return method_not_allowed()
        if request.method == "HEAD":  # the GET answer's headers (views may accept GET only)
            request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.method = "HEAD"
            if not response.streaming:
                response.content = b""
            return with_cors(response)
        return with_cors(view(request, *args, **kwargs))

    wrapped.is_api_view = True
    return csrf_exempt(wrapped)


def api_routes(patterns):
    """``patterns`` with every view (in included URLconfs too) made an ``api_view``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            api_routes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
    return patterns


def under_api(request):
    return request.path_info.startswith(PREFIX)


def page_not_found(request, exception):
    """handler404: JSON under /api/ (the view's message, or “no such address”)."""
    if not under_api(request):
        return defaults.page_not_found(request, exception)
    if isinstance(exception, NotFound) and exception.args:
        message = exception.args[0]
    else:
        message = _("没有这个接口地址，或没有这项已公开的数据。")
    return error_response(404, message)


def server_error(request):
    """handler500: JSON under /api/."""
    if not under_api(request):
        return defaults.server_error(request)
    return error_response(500, _("服务器出错，请稍后再试。"))


class QueryValueError(Exception):
    def __init__(self, parameter, message):
        super().__init__(parameter, message)
        self.parameter, self.message = parameter, message


def query_value(request, name):
    """The parameter's value, or None when absent or empty (an empty form field)."""
    value = request.GET.get(name, "").strip()
    return value or None


def positive(request, name, default, largest=None):
    value = query_value(request, name)
    if value is None:
        return default
    number = int(value) if DIGITS.fullmatch(value) and len(value) < 10 else 0
    if number < 1:
        raise QueryValueError(name, _("%(name)s 须为正整数。") % {"name": name})
    if largest is not None and number > largest:
        raise QueryValueError(
            name, _("%(name)s 不能大于 %(largest)d。") % {"name": name, "largest": largest}
        )
    return number


def page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@dataclass
class Page:
    """One page of a list of ``count`` items: ``items`` slices it; ``links`` are the
    answer's count, next and previous."""

    start: int
    stop: int
    links: dict

    @property
    def items(self):
        return slice(self.start, self.stop)


def page_of(request, count, default_size=PAGE_SIZE):
    """The page ``?page=`` (of ``?page_size=`` items) of a list of ``count`` items.
    Raises QueryValueError for a bad parameter, NotFound past the last page."""
    page = positive(request, "page", 1)
    size = positive(request, "page_size", default_size, largest=MAX_PAGE_SIZE)
    pages = max(1, -(-count // size))
    if page > pages:
        raise NotFound(_("没有第 %(page)d 页：共 %(pages)d 页。") % {"page": page, "pages": pages})
    offset = (page - 1) * size
    return Page(
        offset,
        offset + size,
        {
            "count": count,
            "next": page_url(request, page + 1) if page < pages else None,
            "previous": page_url(request, page - 1) if page > 1 else None,
        },
    )
