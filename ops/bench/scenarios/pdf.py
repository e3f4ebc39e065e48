"""Scenario 3, PDF: invoices of 10, 100 and 1,000 lines, against WeasyPrint's own floor.

The product side is `GET /invoices/{id}/pdf` on a real server: every run renders an invoice
of its own (a first render), then renders it again (a second render of the same version).
The floor is WeasyPrint rendering a bare HTML table of the same rows' cells, in a process of
its own; nothing the product adds (styles, header, totals, page numbers) is in it.
"""

from html import escape
from typing import Any

import data
import product
from harness import Env, Recorder, Row, compare, find, judge
from server import Server, ok

CASE_SIZES = {"small": (10, 2), "medium": (100, 5), "large": (1_000, 10)}  # lines (full, smoke)
MAX_RATIO = 1.2
MAX_RSS_MB = 250


def lines(env: Env, size: str) -> int:
    full, smoke = CASE_SIZES[size]
    return smoke if env.smoke else full


def labels(env: Env, size: str) -> tuple[str, str, str]:
    """(first render, second render, floor) of the size."""
    n = f"{lines(env, size):,} lines"
    return f"{n}: product, first render", f"{n}: product, second render", f"{n}: WeasyPrint bare table"


def title(env: Env) -> str:
    sizes = ", ".join(f"{lines(env, size):,}" for size in CASE_SIZES)
    return f"PDF of invoices of {sizes} lines (HTTP), against WeasyPrint's floor"


def prepare(env: Env) -> dict[str, Any]:
    """Per size, an invoice per run (and warm-up), each a workspace's import of as many entries."""
    ledger = product.open_product(env.settings)
    try:
        invoices: dict[str, list[dict[str, Any]]] = {}
        for size in CASE_SIZES:
            invoices[size] = []
            for k in range(env.runs + 1):
                ws = data.seeded_workspace(ledger, f"pdf-{size}-{k}", lines(env, size), 0)
                product.import_month(ledger, ws)
                invoices[size].append(data.to_json(ws))
        read_models = product.open_read_models(env.settings, ledger)
        try:
            product.catch_up(read_models)
        finally:
            read_models.close()
    finally:
        ledger.close()
    return {"invoices": invoices}


def _product(size: str) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        workspaces = [data.from_json(ws) for ws in fixture["invoices"][size]]
        first, second, _ = labels(env, size)
        with Server(env) as server:
            clients = [server.client(ws) for ws in workspaces]

            def render(i: int) -> None:
                response = clients[i].get(product.http_pdf(workspaces[i].invoice_id))
                ok(response, 200)
                if not response.content.startswith(b"%PDF"):
                    raise RuntimeError("the PDF endpoint answered something else than a PDF")

            rec.timed(first, render)
            rec.timed(second, render)
            rss = server.peak_rss_mb()
            for row in rec.rows:
                row.rss_mb = rss
            for client in clients:
                client.close()

    return measure


def bare_table(rows: list[dict[str, str]]) -> str:
    """The same cells as a bare HTML table: no style, no header, no totals."""
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row.values()) + "</tr>" for row in rows
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><table>{cells}</table></body></html>'
    )


def _floor(size: str) -> Any:
    def measure(env: Env, fixture: dict[str, Any], rec: Recorder) -> None:
        from weasyprint import HTML

        workspaces = [data.from_json(ws) for ws in fixture["invoices"][size]]
        ledger = product.open_product(env.settings)
        try:
            pages = [
                bare_table(product.invoice_lines(product.read_invoice(ledger, ws, ws.invoice_id)))
                for ws in workspaces
            ]
        finally:
            ledger.close()
        rec.timed(labels(env, size)[2], lambda i: HTML(string=pages[i]).write_pdf())

    return measure


CASES = {
    f"{kind}_{size}": maker(size)
    for size in CASE_SIZES
    for kind, maker in (("product", _product), ("floor", _floor))
}


def judge_rows(env: Env, rows: list[Row]) -> None:
    for size in CASE_SIZES:
        first_label, second_label, floor_label = labels(env, size)
        sized = [row for row in rows if row.label in (first_label, second_label, floor_label)]
        compare(sized, floor_label)
        first = find(rows, first_label)
        if first is not None:
            judge(first, f"≤ {MAX_RATIO}× floor", first.ratio is not None and first.ratio <= MAX_RATIO)
            if size == "large":
                judge(first, f"RSS ≤ {MAX_RSS_MB} MB", (first.rss_mb or 0) <= MAX_RSS_MB)
