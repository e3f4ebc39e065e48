"""A `Sheet` as one self-contained HTML page; every text a user typed is escaped.

The markup is lean on purpose, since WeasyPrint's cost grows with the boxes it lays out:
- the items table has fixed column widths (no measuring of every cell to size the columns), and
  a row is a `<tr>` of plain cells, one unbreakable block (`break-inside: avoid`): its cells never
  land on two pages;
- everything else is a few blocks of lines (`white-space: pre-line`) rather than a box per line:
  labels in one block, values in the one beside it.
"""

import hashlib
from collections.abc import Iterable
from html import escape

from documents.pdf.document import Party, Sheet

# The logo is fetched by this made-up scheme, from memory: the page can reach nothing else.
LOGO_SCHEME = "logo"
# Totals printed bold, with a rule above them.
STRONG_TOTALS = frozenset({"total", "balance"})


def logo_url(sha256: str) -> str:
    return f"{LOGO_SCHEME}:{sha256}"


def _css_string(text: str) -> str:
    """A CSS string literal: anything but letters, digits and plain punctuation escaped."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;-_/()" else f"\\{ord(c):06x}" for c in text) + '"'


def _lines(texts: Iterable[str]) -> str:
    """Lines of one pre-line block, escaped; line breaks inside a text stay line breaks."""
    return "\n".join(escape(text) for text in texts)


def _pairs(pairs: list[tuple[str, str]], css: str) -> str:
    """Labels and values in two blocks side by side, line for line."""
    labels, values = _lines(label for label, _ in pairs), _lines(value for _, value in pairs)
    return f'<div class="{css}"><div class="k">{labels}</div><div class="v">{values}</div></div>'


def _party(party: Party) -> str:
    """One block of lines: the label and the name are inline spans, not boxes of their own."""
    lines = [*party.lines, *(f"{label}: {value}" for label, value in party.ids)]
    if party.email:
        lines.append(party.email)
    head = f'<span class="label">{escape(party.label)}</span>\n<b>{escape(party.name)}</b>'
    return f'<div class="party">{head}\n{_lines(lines)}</div>'


def _items(sheet: Sheet) -> str:
    columns = sheet.columns
    cols = "".join(f'<col class="{c.css}">' for c in columns)
    head = "".join(f'<th class="{c.css}">{escape(c.header)}</th>' for c in columns)
    rows = "".join(
        "<tr>" + "".join(f'<td class="{c.css}">{escape(c.cell(line))}</td>' for c in columns) + "</tr>"
        for line in sheet.lines
    )
    return (
        f'<table class="items"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _totals(sheet: Sheet) -> str:
    """Labels in one block, amounts in the one beside it; the total and the balance bold, ruled."""

    def line(css: str, text: str) -> str:
        return f'<b class="strong">{escape(text)}</b>' if css in STRONG_TOTALS else escape(text)

    labels = "\n".join(line(css, label) for css, label, _ in sheet.totals)
    amounts = "\n".join(line(css, amount) for css, _, amount in sheet.totals)
    return f'<div class="totals"><div class="k">{labels}</div><div class="v">{amounts}</div></div>'


def _note(label: str, text: str) -> str:
    """A labelled block of lines; `text` is escaped already."""
    return f'<div class="note"><span class="label">{escape(label)}</span>\n{text}</div>'


def _page_style(sheet: Sheet) -> str:
    """What differs per document in the page's margins: the word for "page"."""
    page = _css_string(f"{sheet.page_label} ")
    return (
        f"@page {{ @bottom-right {{ content: {page} counter(page) {_css_string(' / ')} counter(pages) }} }}"
    )


def sheet_html(sheet: Sheet) -> str:
    """The sheet as an HTML page for the stylesheet of `documents.pdf.style`."""
    parts = [
        f'<!DOCTYPE html><html lang="{escape(sheet.language)}"><head><meta charset="utf-8">',
        f"<title>{escape(sheet.title)}</title><style>{_page_style(sheet)}</style></head><body>",
    ]
    if sheet.mark:
        parts.append(f'<div class="watermark">{escape(sheet.mark)}</div>')
    fingerprint = f'<div class="fingerprint">{escape(sheet.fingerprint)}</div>' if sheet.fingerprint else ""
    parts.append(f'<div class="footer"><div>{escape(sheet.footer)}</div>{fingerprint}</div>')
    logo = ""
    if sheet.logo is not None:
        logo = f'<img class="logo" src="{logo_url(hashlib.sha256(sheet.logo.content).hexdigest())}" alt="">'
    mark = f'<div class="mark">{escape(sheet.mark)}</div>' if sheet.mark else ""
    parts += [
        f'<div class="top"><div class="brand">{logo}</div><div class="heading">',
        f"<h1>{escape(sheet.title)}</h1>{mark}{_pairs(sheet.details, 'details')}</div></div>",
        f'<div class="parties">{"".join(_party(party) for party in sheet.parties)}</div>',
    ]
    if sheet.subject:
        parts.append(f'<div class="subject">{escape(sheet.subject)}</div>')
    parts += [_items(sheet), _totals(sheet)]
    parts.extend(_note(label, escape(text)) for label, text in sheet.notes)
    if sheet.payment:
        parts.append(_note(sheet.payment_label, _lines(f"{label} {value}" for label, value in sheet.payment)))
    parts.append("</body></html>")
    return "".join(parts)
