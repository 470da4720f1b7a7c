"""The codes people scan: short URL, QR (segno) as SVG and PNG, and A4 posters (WeasyPrint)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from zona.core.pdf import html_to_pdf
from zona.surveys.models import SurveyToken


def survey_url(token: str) -> str:
    """The short address printed under the QR code, e.g. https://zona.example/s/k3m9x2p7qa/."""
    return settings.SITE_URL.rstrip("/") + reverse("survey_public:form", args=[token])


def _code(token: str) -> segno.QRCode:
    return segno.make(survey_url(token), error="m", micro=False)


def qr_svg(token: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _code(token).save(out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True)
    return out.getvalue()


def qr_png(token: str, *, scale: int = 12) -> bytes:
    out = io.BytesIO()
    _code(token).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_inline(token: str, *, scale: int = 4) -> str:
    """The QR as an <svg> element for an HTML page."""
    return str(_code(token).svg_inline(scale=scale, border=4, omitsize=True))


@dataclass(frozen=True)
class Poster:
    unit_name: str
    survey_title: str
    url: str
    qr_data_uri: str
    year: int


def poster_for(token: SurveyToken) -> Poster:
    survey = token.survey
    return Poster(
        unit_name=token.unit.name,
        survey_title=survey.spec().short_title,
        url=survey_url(token.token),
        qr_data_uri=_code(token.token).svg_data_uri(scale=10, border=2),
        year=survey.period.assessment_year.year,
    )


def posters_pdf(tokens: Sequence[SurveyToken]) -> bytes:
    """One A4 page per code: unit, survey, QR, short URL and instructions in Bahasa Indonesia."""
    with translation.override("id"):
        html = render_to_string("surveys/poster.html", {"posters": [poster_for(t) for t in tokens]})
    return html_to_pdf(html)
