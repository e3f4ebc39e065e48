"""The docs pages of a real `ledger serve` in headless Chromium, with every request off loopback blocked.

Chromium is Debian's (`/usr/bin/chromium`, installed by ops/test), driven by Playwright over its
pipe: Playwright's own browser download is never used. The docs do not touch the database, so
these scenarios run on SQLite only.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, Response, Route, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("settings", ["sqlite"], indirect=True)]

CHROMIUM = Path("/usr/bin/chromium")
LOOPBACK = "127.0.0.1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google's services, which a closed network answers slowly.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A second guard below the page's routes: no name but loopback resolves, for the browser itself too.
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOOPBACK}",
]
LAUNCH_TIMEOUT_MS = 60_000
PAGE_TIMEOUT_MS = 30_000


@dataclass
class Browser:
    """A fresh page, and what it asked for beyond loopback or got an error answer to."""

    page: Page
    left_loopback: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    """Debian's headless Chromium with a fresh profile; requests not to 127.0.0.1 are blocked and kept."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run ops/test, which installs Debian's chromium", pytrace=False)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            timeout=LAUNCH_TIMEOUT_MS,
        )
        try:
            context.set_default_timeout(PAGE_TIMEOUT_MS)
            context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
            expect.set_options(timeout=PAGE_TIMEOUT_MS)
            browser = Browser(context.pages[0] if context.pages else context.new_page())

            def only_loopback(route: Route) -> None:
                if urlsplit(route.request.url).hostname == LOOPBACK:
                    route.continue_()
                else:
                    browser.left_loopback.append(route.request.url)
                    route.abort()

            def keep_failure(response: Response) -> None:
                if response.status >= 400:
                    browser.failed.append(f"{response.status} {response.url}")

            context.route("**/*", only_loopback)
            browser.page.on("response", keep_failure)
            browser.page.on("requestfailed", lambda request: browser.failed.append(f"failed {request.url}"))
            yield browser
        finally:
            context.close()


def operation_count(server: str) -> int:
    """How many operations the API's own schema declares."""
    paths = httpx.get(f"{server}/openapi.json", timeout=30).raise_for_status().json()["paths"]
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(1 for path in paths.values() for method in path if method in methods)


def wait_for_at_least(browser: Browser, selector: str, count: int) -> int:
    """Wait until `selector` matches `count` elements or more; returns how many it matches."""
    try:
        browser.page.wait_for_function(
            "([selector, count]) => document.querySelectorAll(selector).length >= count",
            arg=[selector, count],
        )
    except PlaywrightTimeoutError:
        # Say why the page stayed empty: most likely a script it asked for beyond loopback.
        found = browser.page.locator(selector).count()
        pytest.fail(
            f"{found} of {count} {selector!r} within {PAGE_TIMEOUT_MS} ms; requests blocked off loopback: "
            f"{browser.left_loopback}; failed: {browser.failed}",
            pytrace=False,
        )
    return browser.page.locator(selector).count()


def test_swagger_ui_lists_every_operation_without_leaving_loopback(server: str, browser: Browser) -> None:
    operations = operation_count(server)

    browser.page.goto(f"{server}/docs")

    assert wait_for_at_least(browser, ".opblock", operations) >= operations
    expect(browser.page.locator('.opblock-summary-path[data-path="/v1/workspaces"]').first).to_be_visible()
    expect(browser.page.locator(".auth-wrapper button.authorize")).to_be_visible()
    assert browser.left_loopback == []
    assert browser.failed == []


def test_redoc_lists_every_operation_without_leaving_loopback(server: str, browser: Browser) -> None:
    operations = operation_count(server)

    browser.page.goto(f"{server}/redoc")

    assert wait_for_at_least(browser, 'li[data-item-id*="/operation/"]', operations) >= operations
    assert wait_for_at_least(browser, '[id^="tag/"][id*="/operation/"]', operations) >= operations
    expect(browser.page.get_by_text("/v1/workspaces", exact=True).first).to_be_visible()
    assert browser.left_loopback == []
    assert browser.failed == []


def test_a_user_authorizes_with_an_api_key_and_tries_an_operation_in_swagger_ui(
    server: str, browser: Browser
) -> None:
    signup = (
        httpx.post(
            f"{server}/v1/workspaces",
            json={
                "name": "Initech",
                "currency": "EUR",
                "timezone": "UTC",
                "hourly_rate": "100.00",
                "owner": {"name": "Olga Owner", "email": "olga@example.com"},
            },
            timeout=30,
        )
        .raise_for_status()
        .json()
    )
    page = browser.page
    page.goto(f"{server}/docs")

    page.locator(".auth-wrapper button.authorize").click()
    page.locator(".modal-ux input").fill(signup["api_key"])
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    operation = page.locator(
        '.opblock-get:has(.opblock-summary-path[data-path="/v1/workspaces/{workspace_id}"])'
    )
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator('input[placeholder="workspace_id"]').fill(signup["id"])
    operation.locator(".execute").click()

    answer = operation.locator(".live-responses-table tbody tr.response").first
    expect(answer.locator(".response-col_status")).to_have_text("200")
    expect(answer.locator(".response-col_description")).to_contain_text('"name": "Initech"')
    expect(operation.locator(".curl")).to_contain_text(f"X-Api-Key: {signup['api_key']}")
    assert browser.left_loopback == []
    assert browser.failed == []
