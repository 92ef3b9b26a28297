"""The language switch without a CSRF cookie, so public pages set no cookie.

The switch is a POST form in every page's header. With ``{% csrf_token %}`` in it, every
page set a ``csrftoken`` cookie and carried a per-visitor token, so no shared cache could
hold a page. Changing the display language is all the view does, and a cross-site POST is
refused here by its Origin (or Referer) header, which every browser sends on a cross-site
form POST: the protection the CSRF token gave this form, without a cookie.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.http import HttpResponseForbidden
from django.views import i18n as i18n_views
from django.views.decorators.csrf import csrf_exempt


def same_origin(view):
    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST":
            source = request.headers.get("Origin") or request.headers.get("Referer")
            if source and urlsplit(source).netloc != request.get_host():
                return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return checked


#: Django's set_language, reached at /i18n/setlang/ under its usual name (budgets/urls.py).
set_language = same_origin(i18n_views.set_language)
