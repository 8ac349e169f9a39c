"""Spanish unless the person chose another language with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language header; Tablero speaks
es-CO by default to everyone and English only on request (the language cookie set by
/i18n/setlang/)."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
