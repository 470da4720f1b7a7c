"""Every page says what it may load and run, and which browser features it turns off."""

from __future__ import annotations

from django.test import Client

from tests.conftest import Ministry


def policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


def test_a_public_page_allows_only_zonas_own_scripts_and_styles(client: Client) -> None:
    response = client.get("/akun/masuk/")
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_a_staff_page_carries_the_same_policy(ministry: Ministry) -> None:
    response = ministry.client_for("operator_sby").get("/")
    assert policy(response)["script-src"] == "'self'"
    assert "Permissions-Policy" in response


def test_no_page_template_holds_an_inline_script_style_or_handler() -> None:
    """What the policy would refuse in a browser, found in the templates themselves (the
    PDF templates, rendered by WeasyPrint on the server, may style inline)."""
    import re
    from pathlib import Path

    import zona

    pdf_only = {"berita_acara.html", "surat_pengajuan.html", "poster.html"}
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|<style|\son[a-z]+=\"")
    found = [
        f"{path.name}: {match.group(0)}"
        for path in Path(zona.__file__).parent.rglob("templates/**/*.html")
        if path.name not in pdf_only
        for match in inline.finditer(path.read_text())
        if "application/json" not in match.group(0)
    ]
    assert not found
