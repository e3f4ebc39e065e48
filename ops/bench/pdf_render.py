"""Benchmark: invoice PDFs against WeasyPrint's floor, their memory, and the cache (prints figures).

Run: .venv/bin/python ops/bench/pdf_render.py [--repeat 5] [--lines 10 100 1000]

- render: the invoice PDF (`documents.pdf.render_invoice_pdf`, rendered in its worker process) of
  N detailed time lines, and in the same run, interleaved, WeasyPrint's floor: a bare `<table>` of
  the same rows' cell texts, WeasyPrint's defaults, in this process. Median, min and max of the
  runs (wall clock), and the ratio of the medians.
- memory: peak resident memory of the render worker after the largest size, and of this process.
- cache: over HTTP (the app in-process, SQLite), a PDF served again from the cache, and the same
  request with If-None-Match answered 304; median of `--repeat` × 20 requests.
Asserts nothing: the figures go into docs/operations.md.
"""

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from io import BytesIO
from pathlib import Path
from uuid import uuid4

from pypdf import PdfReader

from documents.pdf import InvoiceDocument, render_invoice_pdf, sheet, sheet_html
from documents.pdf.engine import TIMEOUT_SECONDS, RenderWorker
from documents.pdf.style import STYLE
from ledger.invoice import ItemType
from ledger.totals import TaxMode
from ledger.views import ClientView, InvoiceView, LineView, Period
from ledger.workspace import Company, WorkspaceSettings

SETTINGS = WorkspaceSettings(
    company=Company(
        name="Initech GmbH",
        address="Hauptstraße 1",
        postal_code="10115",
        city="Berlin",
        country="DE",
        vat_id="DE123456789",
        email="billing@initech.example",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
    ),
    locale="de_DE",
)
CLIENT = ClientView(
    id=uuid4(),
    version=1,
    name="Globex Corporation",
    email="ap@globex.example",
    address="1 Globex Way",
    currency=None,
    vat_id="US123",
    country="US",
    city="Cypress Creek",
    postal_code="12345",
    cc_emails=[],
    archived=False,
)


def invoice_with(lines: int) -> InvoiceDocument:
    """A draft of `lines` detailed time lines of 1.5 h at 100.00, 19 % tax."""
    items = [
        LineView(
            id=uuid4(), position=n, item_type=ItemType.SERVICE, item_type_label="Service",
            description=f"Website - Feature #{n} - Mia - 2026-10-05", quantity=Decimal("1.5"), unit="h",
            unit_price=Decimal("100.00"), amount=Decimal("150.00"), import_id=None, time_entry_ids=[],
            expense_ids=[], raw_seconds=None, billed_seconds=None, quantity_overridden=False,
        )
        for n in range(1, lines + 1)
    ]  # fmt: skip
    subtotal = Decimal("150.00") * lines
    tax = (subtotal * Decimal("0.19")).quantize(Decimal("0.01"))
    zero = Decimal("0.00")
    invoice = InvoiceView(
        id=uuid4(), version=1, number="INV-0001", client_id=CLIENT.id, currency="EUR",
        issue_date=date(2026, 11, 1), due_date=date(2026, 12, 1), subject="October", note="Thank you.",
        discount_percent=zero, tax_percent=Decimal("19"), tax2_percent=zero, tax_mode=TaxMode.SIMPLE,
        status="unsent", void_reason=None, subtotal=subtotal, discount=zero, tax=tax, tax2=zero,
        total=subtotal + tax, paid=zero, balance=subtotal + tax, items=items, payments=[],
        service_period=Period(start=date(2026, 10, 1), end=date(2026, 10, 31)),
    )  # fmt: skip
    return InvoiceDocument(invoice, CLIENT, SETTINGS, fingerprint="ab" * 32)


def floor_html(document: InvoiceDocument) -> str:
    """WeasyPrint's floor: the same rows' cell texts as a bare table, nothing else."""
    page = sheet(document)
    rows = "".join(
        "<tr>" + "".join(f"<td>{column.cell(line)}</td>" for column in page.columns) + "</tr>"
        for line in page.lines
    )
    return f"<table>{rows}</table>"


def timed(run: Callable[[], object]) -> float:
    wall = time.perf_counter()
    run()
    return time.perf_counter() - wall


def stats(values: list[float]) -> str:
    return f"{statistics.median(values):7.3f} {min(values):7.3f} {max(values):7.3f}"


def bench_render(sizes: list[int], repeat: int) -> None:
    from weasyprint import HTML

    render_invoice_pdf(invoice_with(1))  # the worker started, its fonts and stylesheet set up
    HTML(string="<table><tr><td>x</td></tr></table>").write_pdf()
    print("render (seconds, wall: median min max; ratio of the medians)")
    print(f"{'lines':>6} {'ours':>23} {'floor':>23} {'ratio':>6} {'pages':>6}")
    for lines in sizes:
        document, bare = invoice_with(lines), floor_html(invoice_with(lines))
        ours: list[float] = []
        floor: list[float] = []
        for _ in range(repeat):  # interleaved: both see the same machine
            ours.append(timed(partial(render_invoice_pdf, document)))
            floor.append(timed(HTML(string=bare).write_pdf))
        ratio = statistics.median(ours) / statistics.median(floor)
        pages = len(PdfReader(BytesIO(render_invoice_pdf(document))).pages)
        print(f"{lines:>6} {stats(ours):>23} {stats(floor):>23} {ratio:6.2f} {pages:>6}")


def _high_water_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM: unlike ru_maxrss, never inherited from a parent)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_memory(lines: int) -> None:
    """A fresh worker renders the largest size twice: its peak, and this process's."""
    worker = RenderWorker()
    try:
        request = pickle.dumps((sheet_html(sheet(invoice_with(lines))), STYLE, None))
        worker.render(request, TIMEOUT_SECONDS)
        worker.render(request, TIMEOUT_SECONDS)
        peak = _high_water_mb(worker.process.pid)
    finally:
        worker.stop()
    print(f"memory: {lines} lines, worker peak {peak:.0f} MB; this process {_high_water_mb():.0f} MB")


def bench_cache(sizes: list[int], repeat: int) -> None:
    sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "tests" / "api")]
    from fastapi.testclient import TestClient
    from http_world import created, sign_up

    from api.app import create_app
    from ledger.config import Settings

    print("cache (milliseconds per request, median min max)")
    print(f"{'lines':>6} {'first render':>13} {'served again':>23} {'304':>23}")
    with (
        tempfile.TemporaryDirectory() as folder,
        TestClient(
            create_app(Settings(database_url=f"sqlite:///{folder}/bench.db", run_projections=False))
        ) as http,
    ):
        ws = sign_up(http)
        client = ws.client()
        for lines in sizes:
            invoice = ws.invoice(client)
            for n in range(lines):
                body = {"description": f"Website - Feature #{n}", "quantity": "1.5", "unit_price": "100.00"}
                created(ws.post(f"/invoices/{invoice}/items", body))
            pdf = partial(ws.get, f"/invoices/{invoice}/pdf")
            first = timed(pdf) * 1000
            unchanged = partial(pdf, headers={"If-None-Match": pdf().headers["etag"]})
            again = [timed(pdf) * 1000 for _ in range(repeat * 20)]
            same = [timed(unchanged) * 1000 for _ in range(repeat * 20)]
            print(f"{lines:>6} {first:13.0f} {stats(again):>23} {stats(same):>23}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="renders per size (at least 3; default 5)")
    parser.add_argument("--lines", type=int, nargs="+", default=[10, 100, 1000], help="line counts")
    args = parser.parse_args()
    repeat = max(args.repeat, 3)
    bench_render(args.lines, repeat)
    bench_memory(max(args.lines))
    bench_cache(args.lines, repeat)


if __name__ == "__main__":
    main()
