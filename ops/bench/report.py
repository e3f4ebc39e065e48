"""Tables of rows as the suite prints them: one per scenario and backend."""

from harness import Row

BACKENDS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def figure(value: float | None, unit: str) -> str:
    """A value to three significant figures or so, grouped in thousands."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def met_text(row: Row, smoke: bool) -> str:
    if not row.target:
        return ""
    if smoke:
        return "(smoke)"
    return "met" if row.met else "not met"


def ratio_text(row: Row) -> str:
    if row.ratio is None:
        return "-"
    return f"{row.ratio:.2f}× (baseline)" if row.label == row.baseline else f"{row.ratio:.2f}×"


def print_table(title: str, backend: str, rows: list[Row], smoke: bool) -> None:
    """The rows as a fixed-width table under a title."""
    header = ("case", "median", "min", "max", "unit", "peak RSS", "ratio", "target", "met")
    lines = [
        (
            row.label,
            figure(row.median, row.unit),
            figure(row.min, row.unit),
            figure(row.max, row.unit),
            row.unit,
            f"{row.rss_mb:.0f} MB" if row.rss_mb else "-",
            ratio_text(row),
            row.target,
            met_text(row, smoke),
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    right = {1, 2, 3, 5, 6}

    def render(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(f"\n== {title} — {BACKENDS.get(backend, backend)} ==")
    print(render(header))
    for line in lines:
        print(render(line))
    for row in rows:
        if row.extra.get("note"):
            print(f"   {row.label}: {row.extra['note']}")
