"""Chinese first: the language is 简体中文 unless the visitor chose another with the switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language header.

    The site is a Chinese public record; an English browser still sees the Chinese
    original until its user picks English in the language switch (a cookie, set by
    Django's ``set_language`` view).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else None
        except LookupError:
            language = None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """Back to the site's language once the response is made, so that whatever runs
        next in this thread (another request, a command, a test) does not inherit the
        visitor's choice."""
        response = super().process_response(request, response)
        translation.activate(settings.LANGUAGE_CODE)
        return response
