from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation


class IndonesianFirstLocaleMiddleware:
    """Bahasa Indonesia unless the user chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show most
    office computers (set to English) an English Zona. Here only an explicit choice, kept
    in the language cookie by the language switch, overrides the default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]  # set as LocaleMiddleware does
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecondFactorMiddleware:
    """Keeps a user who must confirm the log-in with a code (zona.accounts.twofactor) on the
    code page, or on the security page to set the code up, until they have. Public pages,
    static files and the log-in pages are never held: the public survey and the public
    transparency pages (/publik/) must not even read the session."""

    OPEN_PREFIXES = ("/s/", "/publik/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        held = self._held_at(request)
        if held is not None and request.path != held:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{held}?{query}")
        return self.get_response(request)

    def _held_at(self, request: HttpRequest) -> str | None:
        from zona.accounts import twofactor

        if request.path.startswith(self.OPEN_PREFIXES):
            return None
        open_pages = {reverse("accounts:login"), reverse("accounts:logout")}
        user = request.user
        if request.path in open_pages or not user.is_authenticated:
            return None
        verified = user.is_verified()  # type: ignore[union-attr,attr-defined]  # django-otp
        if not request.session.get(twofactor.NEEDS_CODE) or verified:
            return None
        if twofactor.confirmed_device(user) is not None:  # type: ignore[arg-type]
            return reverse("accounts:verify")
        return reverse("accounts:security")
