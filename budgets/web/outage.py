"""The database down: a 503 in the site's layout with ``Retry-After``, never a 500.

Cached pages are still served (``caching.middleware`` answers them without a query); a
request that needs the database gets this page. It is rendered without a query or a
context processor, as ``templates/503.html`` says.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        content = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(content, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
