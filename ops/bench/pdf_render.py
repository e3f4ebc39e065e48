"""Benchmark: seconds per invoice PDF for 10, 100 and 1,000 lines (prints figures, asserts nothing).

Run: .venv/bin/python ops/bench/pdf_render.py [--repeat 5] [--lines 10 100 1000]
"""

import argparse
import statistics
import time
from decimal import Decimal
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from api.pdf import render_invoice_pdf

SETTINGS: dict[str, Any] = {
    "company": {
        "name": "Initech GmbH",
        "address": "Hauptstraße 1\n10115 Berlin",
        "email": "billing@initech.example",
    },
    "item_type_labels": {"service": "Service", "product": "Product"},
    "pdf": {"hide_item_type": False, "hide_quantity": False, "hide_unit_price": False},
}
CLIENT = {
    "name": "Globex Corporation",
    "address": "1 Globex Way\nCypress Creek",
    "email": "ap@globex.example",
}


def invoice_with(lines: int) -> dict[str, Any]:
    """A plain invoice of `lines` detailed time lines of 1.5 h at 100.00."""
    items = [
        {
            "position": n,
            "item_type": "service",
            "description": f"Website - Feature #{n} - Mia - 2026-10-05",
            "quantity": "1.5000",
            "unit": "h",
            "unit_price": "100.00",
            "amount": "150.00",
        }
        for n in range(1, lines + 1)
    ]
    subtotal = Decimal("150.00") * lines
    totals = {name: "0.00" for name in ("discount", "tax", "tax2", "paid")}
    totals |= {"subtotal": str(subtotal), "total": str(subtotal), "balance": str(subtotal)}
    return {
        "number": "INV-0001",
        "currency": "EUR",
        "issue_date": "2026-11-01",
        "due_date": "2026-12-01",
        "subject": "October",
        "note": "Thank you.",
        "discount_percent": "0",
        "tax_percent": "0",
        "tax2_percent": "0",
        "tax_mode": "simple",
        "items": items,
        "payments": [],
        "totals": totals,
        "status": "unsent",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="renders per size (default 5)")
    parser.add_argument("--lines", type=int, nargs="+", default=[10, 100, 1000], help="line counts")
    args = parser.parse_args()
    render_invoice_pdf(invoice_with(1), CLIENT, SETTINGS)  # warm up fonts and imports
    print(f"{'lines':>6} {'median s':>9} {'min s':>7} {'ms/line':>8} {'pages':>6} {'kB':>6}")
    for lines in args.lines:
        invoice = invoice_with(lines)
        seconds, size = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            pdf = render_invoice_pdf(invoice, CLIENT, SETTINGS)
            seconds.append(time.perf_counter() - started)
            size = len(pdf)
        median = statistics.median(seconds)
        pages = len(PdfReader(BytesIO(pdf)).pages)
        per_line = 1000 * median / lines
        print(f"{lines:>6} {median:>9.3f} {min(seconds):>7.3f} {per_line:>8.2f} {pages:>6} {size // 1024:>6}")


if __name__ == "__main__":
    main()
