"""WeasyPrint, set up once per process: fonts and the parsed stylesheet are shared by every render.

A render's fixed cost is mostly this set-up (font configuration, parsing the stylesheet), so it
is done once. The page can fetch nothing but the logo it names (`logo:<sha256>`), from memory:
no file, no network (no SSRF through a PDF).
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from documents.pdf.html import LOGO_SCHEME, logo_url
from documents.pdf.style import STYLE
from ledger.usecases.documents import LogoImage


class LogoFetcher(URLFetcher):  # type: ignore[misc]
    """Answers `logo:<sha256>` with the logo of the render in progress; refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(LOGO_SCHEME,))
        self.local = threading.local()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        logo: LogoImage | None = getattr(self.local, "logo", None)
        if logo is None or url != getattr(self.local, "url", None):
            raise ValueError(f"documents fetch nothing but their logo, not {url[:80]}")
        return URLFetcherResponse(url, logo.content, {"Content-Type": logo.content_type})


@cache
def _shared() -> tuple[FontConfiguration, CSS, LogoFetcher]:
    """Fonts, the stylesheet and the fetcher: built at the first render, kept for the process."""
    fonts = FontConfiguration()
    return fonts, CSS(string=STYLE, font_config=fonts), LogoFetcher()


def warm_up() -> None:
    """Do the set-up now (at start-up, say) rather than at the first render."""
    _shared()


@contextmanager
def _collector_paused() -> Iterator[None]:
    # A render allocates millions of objects that live until it ends: the cyclic collector's passes
    # over them cost a fifth of a long invoice's time and free nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(page: str, logo: LogoImage | None = None, sha256: str | None = None) -> bytes:
    """The PDF of one page of `documents.pdf.html`, with its logo (named by `sha256`) if any."""
    fonts, stylesheet, fetcher = _shared()
    fetcher.local.logo, fetcher.local.url = logo, logo_url(sha256) if sha256 else None
    try:
        with _collector_paused():
            document = HTML(string=page, url_fetcher=fetcher)
            pdf: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
            return pdf
    finally:
        fetcher.local.logo = fetcher.local.url = None
