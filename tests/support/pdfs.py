"""Reading PDFs back as a person would: text by position, page by page."""

import re
from io import BytesIO

from pypdf import PdfReader

# Babel separates thousands and currency with (narrow) no-break spaces: read them as spaces.
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as laid out (left to right, top to bottom), whitespace collapsed."""
    assert pdf.startswith(b"%PDF")
    pages = PdfReader(BytesIO(pdf)).pages
    return [SPACES.sub(" ", page.extract_text(extraction_mode="layout")).strip() for page in pages]


def pdf_text(pdf: bytes) -> str:
    """The whole document's text, pages joined by " | "."""
    return " | ".join(page_texts(pdf))


def page_images(pdf: bytes) -> int:
    """How many raster images the pages draw."""
    return sum(len(page.images) for page in PdfReader(BytesIO(pdf)).pages)
