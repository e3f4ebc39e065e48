"""Benchmark: milliseconds per e-invoice to map, write, validate (official EN 16931 schematron + XSD) and
embed as Factur-X, for 5, 50 and 500 lines (prints figures, asserts nothing).

Run: .venv/bin/python ops/bench/einvoice.py [--repeat 5] [--lines 5 50 500]
(needs the dev extra: saxonche runs the schematron, as in the test suite)
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from documents.einvoice import to_cii, to_facturx_pdf, to_ubl
from documents.einvoice.mapping import credit_note_document, invoice_document
from ledger.views import CreditNoteView, InvoiceView
from ledger.workspace import ItemTypeLabels
from support.credit_properties import Credited, LineSpec, sent_invoice
from support.einvoice_views import CLIENT, SETTINGS, invoice_view
from support.en16931 import Validator


def median_ms(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument("--lines", type=int, nargs="+", default=[5, 50, 500], help="line counts")
    args = parser.parse_args()
    from weasyprint import HTML

    validator = Validator()
    warm_up = invoice_document(invoice_view(), CLIENT, SETTINGS)
    start = time.perf_counter()
    validator.validate(to_cii(warm_up))
    validator.validate(to_ubl(warm_up))
    print(f"compiling both schematrons (once per process): {time.perf_counter() - start:.2f} s")
    pdf_a3b = HTML(string="<h1>INV-0001</h1>").write_pdf(pdf_variant="pdf/a-3b")
    print(f"{'lines':>6} {'document':>12} {'map+write ms':>13} {'cii valid. ms':>14} {'ubl valid. ms':>14}"
          f" {'factur-x ms':>12}")  # fmt: skip
    for lines in args.lines:
        specs = [LineSpec(Decimal("1.5000"), Decimal("100.00"), hours=True)] * lines
        invoice = sent_invoice(specs, Decimal("10"), Decimal("19"))
        view = InvoiceView.of(invoice, ItemTypeLabels(), invoice.issue_date)
        credited = Credited(invoice)
        note = CreditNoteView.of(credited.credit(None), ItemTypeLabels())
        for name, build in (
            (
                "invoice",
                lambda view=view: invoice_document(view, CLIENT, SETTINGS, "ab" * 32),
            ),
            (
                "credit note",
                lambda note=note: credit_note_document(note, CLIENT, SETTINGS, "ab" * 32),
            ),
        ):
            document = build()
            cii, ubl = to_cii(document), to_ubl(document)
            assert validator.validate(cii).valid and validator.validate(ubl).valid
            write = median_ms(lambda: (to_cii(build()), to_ubl(build())), args.repeat)  # noqa: B023
            check_cii = median_ms(lambda: validator.validate(cii), args.repeat)  # noqa: B023
            check_ubl = median_ms(lambda: validator.validate(ubl), args.repeat)  # noqa: B023
            embed = median_ms(lambda: to_facturx_pdf(pdf_a3b, cii), args.repeat)  # noqa: B023
            print(
                f"{lines:>6} {name:>12} {write:>13.1f} {check_cii:>14.1f} {check_ubl:>14.1f} {embed:>12.1f}"
            )


if __name__ == "__main__":
    main()
