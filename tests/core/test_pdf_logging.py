"""Making PDFs (posters, berita acara, the demo's documents) does not flood the log."""

from __future__ import annotations

import logging

import pytest

from zona.core.pdf import FirstTimeOnly


def test_font_subsetting_and_rendering_steps_are_not_logged() -> None:
    assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)
    assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)
    assert logging.getLogger("weasyprint").isEnabledFor(logging.WARNING)


def test_a_repeated_weasyprint_notice_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("weasyprint")
    assert any(isinstance(f, FirstTimeOnly) for f in logger.filters)
    notice = 'Using fontTools instead of HarfBuzz-Subset for font "%s" (test %s)'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for _ in range(3):
            logger.warning(notice, "DejaVu Sans", id(caplog))
            logger.warning(notice, "DejaVu Serif", id(caplog))
    assert len(caplog.records) == 2
