"""The shared pager (templates/_pager.html): links keep the query, htmx only when asked."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def _pager(number: int, **context: object) -> str:
    page = Paginator(list(range(100)), 25).page(number)
    with translation.override("id"):
        return render_to_string("_pager.html", {"page": page, **context})


def test_plain_links_keep_the_query() -> None:
    html = _pager(2, query="q=imigrasi")
    assert 'href="?q=imigrasi&amp;page=1"' in html and 'href="?q=imigrasi&amp;page=3"' in html
    assert "Halaman 2 dari 4" in html and 'aria-label="Halaman"' in html
    assert "hx-get" not in html


def test_htmx_links_with_their_own_parameter_anchor_and_label() -> None:
    html = _pager(1, param="tp", anchor="tlhp", target="finding-table", label="Halaman temuan")
    assert 'href="?tp=2#tlhp"' in html and 'hx-get="?tp=2"' in html
    assert 'hx-target="#finding-table"' in html and "hx-push-url" not in html
    assert 'aria-label="Halaman temuan"' in html and 'rel="prev"' not in html
    assert "hx-push-url" in _pager(2, target="unit-table", push=True)


def test_one_page_shows_no_pager() -> None:
    page = Paginator([1, 2], 25).page(1)
    assert render_to_string("_pager.html", {"page": page}).strip() == ""
