"""One WSGI application, two middleware stacks.

The public pages (the survey under `/s/`) share nothing with the staff site: no session, no
user, no CSRF cookie, no flash messages, no htmx, and a fixed language. So they run behind
their own short list, settings.PUBLIC_MIDDLEWARE (security headers, the common checks, frame
denial), and skip the staff middleware's work on every public request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.utils.module_loading import import_string

PUBLIC_PREFIXES = ("/s/",)

StartResponse = Callable[..., Any]


class PublicHandler(WSGIHandler):
    """A WSGI handler whose middleware is settings.PUBLIC_MIDDLEWARE."""

    def load_middleware(self, is_async: bool = False) -> None:
        """BaseHandler.load_middleware for a synchronous stack, from PUBLIC_MIDDLEWARE."""
        if is_async:
            raise NotImplementedError("the public stack is served by WSGI")
        self._view_middleware: list[Callable[..., Any]] = []
        self._template_response_middleware: list[Callable[..., Any]] = []
        self._exception_middleware: list[Callable[..., Any]] = []
        view = self._get_response  # type: ignore[attr-defined]  # Django's, not in the stubs
        handler = convert_exception_to_response(view)
        for path in reversed(settings.PUBLIC_MIDDLEWARE):
            middleware = import_string(path)(handler)
            if hasattr(middleware, "process_view"):
                self._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self._exception_middleware.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler


def dispatching_application() -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application: public paths to the public stack (after the survey's usual post,
    zona.surveys.public_wsgi), the rest to the staff one."""
    from zona.surveys.public_wsgi import usual_post_first

    staff, public = WSGIHandler(), usual_post_first(PublicHandler())

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        is_public = environ.get("PATH_INFO", "").startswith(PUBLIC_PREFIXES)
        return (public if is_public else staff)(environ, start_response)

    return application
