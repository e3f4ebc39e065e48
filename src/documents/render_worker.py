"""A process that turns HTML into PDF with WeasyPrint, one request after another, until stdin closes.

Started by `documents.pdf.engine` as `python -m documents.render_worker`. It imports WeasyPrint and
the standard library only, so it starts small (about 60 MB) and a 1,000-line invoice peaks near
210 MB in it, where the API's own process would add its ~110 MB of imports; the API's event loop
and its interpreter lock are never held by a render; and memory a long render took is given back
when the worker is replaced.

Protocol, over the standard pipes: the parent sends `pickle((html, css, logo, variant))` with
`logo` None or `(url, content_type, bytes)` and `variant` None or a WeasyPrint PDF variant
(`"pdf/a-3b"`, the base of a Factur-X PDF), each frame prefixed by its length (8 bytes, big-endian); the
worker answers `pickle(("ok", pdf_bytes))` or `pickle(("error", message))` the same way. Fonts
and the parsed stylesheet are set up once per worker (per stylesheet text).
"""

import gc
import pickle
import sys
from functools import cache
from typing import Any, BinaryIO

from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from documents.render_protocol import Logo, read_frame, write_frame


class LogoFetcher(URLFetcher):  # type: ignore[misc]
    """Answers the one URL of the render's logo from memory; refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("logo",))
        self.logo: Logo = None

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if self.logo is None or url != self.logo[0]:
            raise ValueError(f"documents fetch nothing but their logo, not {url[:80]}")
        return URLFetcherResponse(url, self.logo[2], {"Content-Type": self.logo[1]})


@cache
def _fonts() -> FontConfiguration:
    return FontConfiguration()


@cache
def _stylesheet(css: str) -> CSS:
    return CSS(string=css, font_config=_fonts())


@cache
def _fetcher() -> LogoFetcher:
    return LogoFetcher()


def render(html: str, css: str, logo: Logo = None, variant: str | None = None) -> bytes:
    """The PDF of one page; the cyclic collector paused while it is laid out."""
    fetcher = _fetcher()
    fetcher.logo = logo
    # A render allocates millions of objects that live until it ends: the collector's passes over
    # them cost a fifth of a long invoice's time and free nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(
            stylesheets=[_stylesheet(css)], font_config=_fonts(), pdf_variant=variant
        )
        return pdf
    finally:
        fetcher.logo = None
        if was_enabled:
            gc.enable()


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer render requests until the parent closes the pipe."""
    while (frame := read_frame(requests)) is not None:
        html, css, logo, variant = pickle.loads(frame)
        try:
            answer: tuple[str, Any] = ("ok", render(html, css, logo, variant))
        except Exception as error:  # any failure is the parent's to report; this worker goes on
            answer = ("error", f"{type(error).__name__}: {error}")
        write_frame(answers, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    answers = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed goes to the log, never into the answers
    serve(sys.stdin.buffer, answers)
