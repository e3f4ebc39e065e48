"""Tables of rows as the suite prints them: one per scenario and backend."""

from typing import Any

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
    if load := load_range(rows):
        print(f"   machine load average (1 min) around these cases: {load}")


def load_range(rows: list[Row]) -> str:
    """The lowest and highest load average seen around the rows' cases ("" if none recorded)."""
    loads = [load for row in rows for load in row.extra.get("load", ())]
    return f"{min(loads):.1f}–{max(loads):.1f}" if loads else ""


# Markdown, from a run's JSON: `python ops/bench/report.py RUN.json` (BENCHMARKS.md's tables).


def _cell(row: Row | None) -> tuple[str, str, str, str]:
    """(median, min–max, ratio, met) of a row, or blanks."""
    if row is None:
        return "", "", "", ""
    spread = f"{figure(row.min, row.unit)}–{figure(row.max, row.unit)}"
    met = "" if not row.target else ("met" if row.met else "**not met**")
    return figure(row.median, row.unit), spread, ratio_text(row), met


def markdown(document: dict[str, Any]) -> str:
    """Every scenario as one table, SQLite and PostgreSQL side by side."""
    rows = [Row.from_json(row) for row in document["rows"]]
    out = []
    for scenario, title in document.get("titles", {}).items():
        mine = [row for row in rows if row.scenario == scenario]
        # In the order of the backend with the most rows (PostgreSQL has cases SQLite has not).
        fullest = max(BACKENDS, key=lambda b: sum(row.backend == b for row in mine))
        labels = list(
            dict.fromkeys([row.label for row in mine if row.backend == fullest] + [r.label for r in mine])
        )
        out += [f"### {title}", ""]
        out.append(
            "| case | unit | SQLite median | min–max | ratio | met "
            "| PostgreSQL median | min–max | ratio | met | peak RSS (SQLite / PG) | target |"
        )
        out.append("|---|---|--:|--:|--:|---|--:|--:|--:|---|--:|---|")
        for label in labels:
            by = {row.backend: row for row in mine if row.label == label}
            lite, pg = by.get("sqlite"), by.get("postgres")
            rss = " / ".join(f"{r.rss_mb:.0f} MB" if r and r.rss_mb else "-" for r in (lite, pg))
            targets = dict.fromkeys(r.target for r in (lite, pg) if r is not None and r.target)
            target = (
                " ".join(targets)
                if len(targets) < 2
                else f"SQLite {lite.target if lite else ''}; PG {pg.target if pg else ''}"
            )
            some = lite or pg
            unit = some.unit if some is not None else ""
            cells = [label, unit, *_cell(lite), *_cell(pg), rss, target]
            out.append("| " + " | ".join(cells) + " |")
        notes = {
            f"{row.label} ({BACKENDS[row.backend]}): {row.extra['note']}"
            for row in mine
            if row.extra.get("note")
        }
        for backend, name in BACKENDS.items():
            if load := load_range([row for row in mine if row.backend == backend]):
                notes.add(f"machine load average (1 min) around the {name} cases: {load}")
        out += ["", *(f"- {note}" for note in sorted(notes)), ""]
    return "\n".join(out)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
