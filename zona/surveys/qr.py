"""The codes people scan: short URL, QR (segno) as SVG and PNG, and A4 posters (WeasyPrint)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from zona.core.pdf import html_to_pdf
from zona.surveys.models import SurveyToken


def survey_url(token: str, site: str) -> str:
    """The short address printed under the QR code, e.g. https://zona.example/s/k3m9x2p7qa/;
    `site` is where the address starts (zona.core.http.site_url)."""
    return site + reverse("survey_public:form", args=[token])


def _code(token: str, site: str) -> segno.QRCode:
    return segno.make(survey_url(token, site), error="m", micro=False)


def qr_svg(token: str, site: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _code(token, site).save(out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True)
    return out.getvalue()


def qr_png(token: str, site: str, *, scale: int = 12) -> bytes:
    out = io.BytesIO()
    _code(token, site).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_inline(token: str, site: str, *, scale: int = 4) -> str:
    """The QR as an <svg> element for an HTML page."""
    return str(_code(token, site).svg_inline(scale=scale, border=4, omitsize=True))


@dataclass(frozen=True)
class Poster:
    unit_name: str
    survey_title: str
    url: str
    qr_data_uri: str
    year: int


def poster_for(token: SurveyToken, site: str) -> Poster:
    survey = token.survey
    return Poster(
        unit_name=token.unit.name,
        survey_title=survey.spec().short_title,
        url=survey_url(token.token, site),
        qr_data_uri=_code(token.token, site).svg_data_uri(scale=10, border=2),
        year=survey.period.assessment_year.year,
    )


def posters_pdf(tokens: Sequence[SurveyToken], site: str) -> bytes:
    """One A4 page per code: unit, survey, QR, short URL and instructions in Bahasa Indonesia."""
    posters = [poster_for(token, site) for token in tokens]
    with translation.override("id"):
        html = render_to_string("surveys/poster.html", {"posters": posters})
    return html_to_pdf(html)
