"""PDF from HTML (WeasyPrint): the berita acara, the survey posters, the demo's documents."""

from __future__ import annotations

import logging
import threading
from html import escape
from typing import Any

SAMPLE_DOCUMENT = """<html><body style="font-family: sans-serif; margin: 2.5cm">
<p style="color:#8a1c15"><strong>DOKUMEN CONTOH — demo Zona, bukan dokumen resmi</strong></p>
<h1 style="font-size:16pt">{title}</h1><p>{body}</p></body></html>"""


class FirstTimeOnly(logging.Filter):
    """Lets each message through once per process (settings.LOGGING puts it on WeasyPrint's
    logger, which repeats the same notice for every font of every PDF, e.g. that it subsets
    fonts with fontTools on a machine without HarfBuzz-Subset)."""

    LIMIT = 1000  # distinct messages remembered; later ones all pass

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        if len(self.seen) < self.LIMIT:
            self.seen.add(message)
        return True


_fonts = threading.local()


def _font_config() -> Any:
    """One WeasyPrint font configuration per thread, kept for every PDF it makes.

    WeasyPrint otherwise builds a new one (a fontconfig configuration and a Pango font map)
    for each document, and their native memory is not all given back: a worker making the
    PMPZI package's hundred berita acara grew by ~0.25 MB a PDF, ~25 MB in all (measured with
    bench/bench_package.py). Zona's templates use the system's fonts and no @font-face, so
    nothing accumulates in the shared configuration."""
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    # WeasyPrint logs a line per step, from its import on (its own stylesheets); settings.LOGGING
    # quiets it too, this keeps it quiet where PDFs are made outside Django's logging setup
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return bytes(HTML(string=html).write_pdf(font_config=_font_config()))


def sample_pdf(title: str, body: str) -> bytes:
    """A one-page document of the demo data, stamped as a sample so nobody takes it for real."""
    return html_to_pdf(SAMPLE_DOCUMENT.format(title=escape(title), body=escape(body)))
