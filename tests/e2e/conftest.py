"""Browser tests: Playwright driving Debian's chromium against a live Zona."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# beside one unless told that this (single-threaded test) use is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(os.environ.get("ZONA_SCREENSHOTS", "var/screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("ZONA_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield WatchedBrowser(browser)
        browser.close()


POLICY_VIOLATIONS: list[str] = []


class WatchedBrowser:
    """The browser, whose every context reports what the Content-Security-Policy refused:
    an inline script or style, a foreign source. Each test must end with none."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("console", _note_policy_violation)
        context.on("page", _audit_every_visit)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


def _note_policy_violation(message: Any) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        POLICY_VIOLATIONS.append(f"{message.location.get('url')}: {message.text}")


AXE_FINDINGS: list[str] = []


def _audit_every_visit(page: Any) -> None:
    """Every page a test arrives at is checked by axe-core once it has loaded, at the viewport
    of the moment (desktop or phone): opened (`goto`), reloaded, gone back to, or reached by a
    click the test then waits for (`wait_for_url`). The findings fail the test at its end."""

    def audit() -> None:
        if getattr(page, "audit_visits", True) and page.evaluate("document.contentType") == (
            "text/html"
        ):
            AXE_FINDINGS.extend(f"{page.url}: {found}" for found in accessibility_violations(page))

    def audited(step: Any) -> Any:
        def run(*args: Any, **options: Any) -> Any:
            result = step(*args, **options)
            if result is None or getattr(result, "ok", True):
                audit()
            return result

        return run

    for name in ("goto", "reload", "go_back", "wait_for_url"):
        setattr(page, name, audited(getattr(page, name)))


@pytest.fixture(autouse=True)
def no_policy_violations() -> Iterator[None]:
    POLICY_VIOLATIONS.clear()
    AXE_FINDINGS.clear()
    yield
    assert not POLICY_VIOLATIONS, "\n".join(POLICY_VIOLATIONS)
    assert not AXE_FINDINGS, "\n".join(AXE_FINDINGS)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def served(transactional_db: None) -> Iterator[str]:
    """The address of a live Zona: pytest-django's live server (its database sharing
    included), which serves Django's own handler as gunicorn does."""
    server = LiveServer("localhost")
    yield server.url
    server.stop()


def open_menu(page: Any) -> None:
    """Unfold the site's menu where it is folded (phones); nothing on a desktop."""
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def log_out(page: Any) -> None:
    open_menu(page)
    page.get_by_role("button", name="Keluar").click()


def log_in(page: Any, base_url: str, login: str) -> None:
    """Log in through the login page (NIP or e-mail) and wait until it has let the user in."""
    from tests.conftest import PASSWORD

    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill(login)
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page must not scroll sideways on a phone"


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page: Any) -> list[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page as it is now."""
    page.evaluate(AXE.read_text())  # through the debugger: the page's CSP allows no inline script
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags})).violations"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target).join(', '))",
        WCAG_AA,
    )
    return list(found)
