"""Grouping imported time and expenses into lines (SPEC §5): pure, table-driven."""

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from uuid import uuid4

import pytest
from pydantic import ValidationError

from ledger.commands import ExpenseGrouping, ImportItems, TimeGrouping
from ledger.grouping import DraftLine, ExpenseCandidate, TimeCandidate, group_expenses, group_time
from ledger.invoice import ItemType
from ledger.workspace import Rounding, RoundingMode
from support.refusals import refused_fields
from support.world import OCTOBER, expense_candidate, expense_grouping, grouping, named_id, time_candidate

# Four entries across two projects, two members and two days, all at one rate.
TEAM_WEEK = {
    "a": time_candidate(3600, "2026-10-05T09:00:00+00:00", "Website", "Alice", "Design"),
    "b": time_candidate(1800, "2026-10-05T10:00:00+00:00", "Website", "Bob", "Build"),
    "c": time_candidate(900, "2026-10-06T09:00:00+00:00", "App", "Alice", "Design"),
    "d": time_candidate(2700, "2026-10-06T11:00:00+00:00", "Website", "Alice", "Build"),
}
# SPEC's worked example: 1:15:45, 2:45:30 and 0:59:50 at 100.00/h.
WORKED_EXAMPLE = [
    time_candidate(4545, "2026-10-05T09:00:00+00:00"),
    time_candidate(9930, "2026-10-06T09:00:00+00:00"),
    time_candidate(3590, "2026-10-07T09:00:00+00:00"),
]


def billed_names(lines: list[DraftLine], named: Mapping[str, TimeCandidate | ExpenseCandidate]) -> list[str]:
    """Each line as "<description>: <names of what it bills>", in line order."""
    names = {candidate.id: name for name, candidate in named.items()}
    return [
        f"{line.description}: {''.join(sorted(names[i] for i in (*line.time_entry_ids, *line.expense_ids)))}"
        for line in lines
    ]


# Time: single.


def test_single_bills_all_hours_at_one_rate_on_one_line_described_time() -> None:
    [line] = group_time(list(TEAM_WEEK.values()), grouping("single"), None)

    assert (line.description, line.item_type, line.unit) == ("Time", ItemType.SERVICE, "h")
    assert (line.quantity, line.unit_price, line.amount) == (
        Decimal("2.5000"),
        Decimal("100.00"),
        Decimal("250.00"),
    )
    assert set(line.time_entry_ids) == {entry.id for entry in TEAM_WEEK.values()}


def test_single_with_two_rates_gives_one_line_per_rate() -> None:
    cheap = time_candidate(3600, "2026-10-05T09:00:00+00:00", rate="80.00")
    dear = time_candidate(1800, "2026-10-05T10:00:00+00:00", rate="120.00")
    also_cheap = time_candidate(1800, "2026-10-05T11:00:00+00:00", rate="80.00")

    lines = group_time([cheap, dear, also_cheap], grouping("single"), None)

    assert {
        (li.description, li.quantity, li.unit_price, li.amount, frozenset(li.time_entry_ids)) for li in lines
    } == {
        (
            "Time",
            Decimal("1.5000"),
            Decimal("80.00"),
            Decimal("120.00"),
            frozenset({cheap.id, also_cheap.id}),
        ),
        ("Time", Decimal("0.5000"), Decimal("120.00"), Decimal("60.00"), frozenset({dear.id})),
    }


# Time: detailed.


def test_lines_of_one_description_are_ordered_by_price_as_a_number_not_as_text() -> None:
    entries = [time_candidate(3600, rate="120.00"), time_candidate(3600, rate="80.00")]

    lines = group_time(entries, grouping("single"), None)

    assert [line.unit_price for line in lines] == [Decimal("80.00"), Decimal("120.00")]


@pytest.mark.parametrize(
    ("detail_fields", "description"),
    [
        (("project", "description", "user", "date"), "Website - Design - Alice - 2026-10-05"),
        (("date", "user"), "2026-10-05 - Alice"),
        (("user", "project"), "Alice - Website"),
        (("description",), "Design"),
        (("date",), "2026-10-05"),
    ],
)
def test_detailed_describes_each_entry_by_its_detail_fields_in_order(
    detail_fields: tuple[str, ...], description: str
) -> None:
    [line] = group_time([TEAM_WEEK["a"]], grouping("detailed", detail_fields=detail_fields), None)

    assert line.description == description


def test_detailed_skips_empty_parts_of_the_description() -> None:
    silent = time_candidate(600, description="")

    [line] = group_time(
        [silent], grouping("detailed", detail_fields=("project", "description", "user")), None
    )

    assert line.description == "Website - Alice"


def test_detailed_bills_each_entry_on_its_own_line_in_the_order_worked() -> None:
    shuffled = [TEAM_WEEK[name] for name in "dbca"]

    lines = group_time(shuffled, grouping("detailed", detail_fields=("user", "description")), None)

    assert billed_names(lines, TEAM_WEEK) == [
        "Alice - Design: a",
        "Bob - Build: b",
        "Alice - Design: c",
        "Alice - Build: d",
    ]


def test_detailed_worked_example_rounds_each_line_once() -> None:
    lines = group_time(WORKED_EXAMPLE, grouping("detailed"), None)

    assert [(li.quantity, li.amount) for li in lines] == [
        (Decimal("1.2625"), Decimal("126.25")),
        (Decimal("2.7583"), Decimal("275.83")),
        (Decimal("0.9972"), Decimal("99.72")),
    ]


# Time: grouped.


@pytest.mark.parametrize(
    ("group_by", "then_by", "expected"),
    [
        ("project", None, ["App: c", "Website: abd"]),
        ("user", None, ["Alice: acd", "Bob: b"]),
        ("date", None, ["2026-10-05: ab", "2026-10-06: cd"]),
        ("project", "user", ["App - Alice: c", "Website - Alice: ad", "Website - Bob: b"]),
        ("project", "date", ["App - 2026-10-06: c", "Website - 2026-10-05: ab", "Website - 2026-10-06: d"]),
        ("user", "description", ["Alice - Build: d", "Alice - Design: ac", "Bob - Build: b"]),
        ("date", "project", ["2026-10-05 - Website: ab", "2026-10-06 - App: c", "2026-10-06 - Website: d"]),
        ("user", "project", ["Alice - App: c", "Alice - Website: ad", "Bob - Website: b"]),
        ("project", "project", ["App - App: c", "Website - Website: abd"]),
    ],
)
def test_grouped_bills_one_line_per_group_described_first_then_second(
    group_by: str, then_by: str | None, expected: list[str]
) -> None:
    lines = group_time(list(TEAM_WEEK.values()), grouping("grouped", group_by, then_by), None)

    assert billed_names(lines, TEAM_WEEK) == expected


def test_grouped_then_by_an_empty_description_adds_nothing_to_the_line() -> None:
    entries = [time_candidate(600, description=""), time_candidate(900, "2026-10-05T10:00:00+00:00")]

    lines = group_time(entries, grouping("grouped", "project", "description"), None)

    assert [(line.description, line.raw_seconds) for line in lines] == [
        ("Website", 600),
        ("Website - work", 900),
    ]


def test_grouped_line_sums_the_hours_of_its_entries() -> None:
    [app, website] = group_time(list(TEAM_WEEK.values()), grouping("grouped", "project"), None)

    assert (website.quantity, website.amount, website.raw_seconds) == (
        Decimal("2.2500"),
        Decimal("225.00"),
        8100,
    )
    assert (app.quantity, app.amount, app.raw_seconds) == (Decimal("0.2500"), Decimal("25.00"), 900)


def test_grouped_by_user_tells_members_apart_by_id_not_by_name() -> None:
    first = time_candidate(600, user="Alex")
    namesake = replace(first, id=uuid4(), member_id=named_id("member", "another Alex"))

    lines = group_time([first, namesake], grouping("grouped", "user"), None)

    assert [line.description for line in lines] == ["Alex", "Alex"]
    assert {line.time_entry_ids for line in lines} == {(first.id,), (namesake.id,)}


def test_grouped_same_project_at_two_rates_gives_two_lines() -> None:
    entries = [
        time_candidate(3600, "2026-10-05T09:00:00+00:00", rate="100.00"),
        time_candidate(3600, "2026-10-05T10:00:00+00:00", rate="150.00"),
        time_candidate(1800, "2026-10-05T11:00:00+00:00", rate="100.00"),
    ]

    lines = group_time(entries, grouping("grouped", "project"), None)

    assert [(li.description, li.quantity, li.unit_price, li.amount) for li in lines] == [
        ("Website", Decimal("1.5000"), Decimal("100.00"), Decimal("150.00")),
        ("Website", Decimal("1.0000"), Decimal("150.00"), Decimal("150.00")),
    ]


def test_grouped_worked_example_bills_the_sum_of_the_seconds_rounded_once() -> None:
    [line] = group_time(WORKED_EXAMPLE, grouping("grouped", "project"), None)

    assert (line.description, line.quantity, line.unit_price, line.amount) == (
        "Website",
        Decimal("5.0181"),
        Decimal("100.00"),
        Decimal("501.81"),
    )
    assert (line.raw_seconds, line.billed_seconds) == (18065, 18065)


# Time: rounding.


@pytest.mark.parametrize(
    ("rounding", "billed_seconds", "quantity", "amount"),
    [
        (None, 5145, "1.4292", "142.92"),
        (Rounding(15, RoundingMode.UP), 6300, "1.7500", "175.00"),  # rounding the sum would give 5400
        (Rounding(15, RoundingMode.DOWN), 4500, "1.2500", "125.00"),
        (Rounding(15, RoundingMode.NEAREST), 5400, "1.5000", "150.00"),
        (Rounding(6, RoundingMode.UP), 5400, "1.5000", "150.00"),
        (Rounding(60, RoundingMode.NEAREST), 3600, "1.0000", "100.00"),
        (Rounding(1, RoundingMode.NEAREST), 5160, "1.4333", "143.33"),
    ],
)
def test_rounding_rounds_each_entry_on_its_own_and_bills_the_rounded_seconds(
    rounding: Rounding | None, billed_seconds: int, quantity: str, amount: str
) -> None:
    entries = [time_candidate(4545), time_candidate(600, "2026-10-05T11:00:00+00:00")]

    [line] = group_time(entries, grouping("grouped", "project"), rounding)

    assert (line.billed_seconds, line.quantity, line.amount) == (
        billed_seconds,
        Decimal(quantity),
        Decimal(amount),
    )
    assert line.raw_seconds == 4545 + 600
    assert [entry.seconds for entry in entries] == [4545, 600]


@pytest.mark.parametrize("mode", list(RoundingMode))
def test_rounding_in_detailed_keeps_each_lines_raw_seconds(mode: RoundingMode) -> None:
    lines = group_time(WORKED_EXAMPLE, grouping("detailed"), Rounding(15, mode))

    assert [line.raw_seconds for line in lines] == [4545, 9930, 3590]
    assert all(line.billed_seconds is not None and line.billed_seconds % 900 == 0 for line in lines)


# Expenses.

MILEAGE = {"category": "Mileage", "unit": "km", "unit_price": "0.30"}


def test_expenses_with_a_unit_bill_the_summed_quantity_at_the_unit_price() -> None:
    expenses = [expense_candidate(**MILEAGE, quantity="12.5"), expense_candidate(**MILEAGE, quantity="7.25")]

    [line] = group_expenses(expenses, expense_grouping("grouped", "category"))

    assert (line.description, line.item_type, line.unit) == ("Mileage", ItemType.PRODUCT, "km")
    assert (line.quantity, line.unit_price, line.amount) == (
        Decimal("19.75"),
        Decimal("0.30"),
        Decimal("5.93"),
    )
    assert (line.time_entry_ids, line.raw_seconds, line.billed_seconds) == ((), None, None)


def test_merged_unit_less_expenses_bill_quantity_one_at_their_sum() -> None:
    expenses = [expense_candidate(amount="45.50"), expense_candidate(amount="12.25")]

    [line] = group_expenses(expenses, expense_grouping("grouped", "category"))

    assert (line.description, line.unit, line.quantity) == ("Travel", None, Decimal(1))
    assert (line.unit_price, line.amount) == (Decimal("57.75"), Decimal("57.75"))
    assert set(line.expense_ids) == {expense.id for expense in expenses}


def test_single_expenses_never_mix_prices() -> None:
    named = {
        "a": expense_candidate(**MILEAGE, quantity="10"),
        "b": expense_candidate(amount="20.00"),
        "c": expense_candidate(category="Mileage", unit="km", unit_price="0.35", quantity="10"),
        "d": expense_candidate(**MILEAGE, quantity="5", day="2026-10-11"),
        "e": expense_candidate(category="Hotel", amount="89.90"),
    }

    lines = group_expenses(list(named.values()), expense_grouping("single"))

    assert sorted(billed_names(lines, named)) == ["Expenses: ad", "Expenses: be", "Expenses: c"]
    assert {(li.unit, li.unit_price, li.amount) for li in lines} == {
        ("km", Decimal("0.30"), Decimal("4.50")),
        ("km", Decimal("0.35"), Decimal("3.50")),
        (None, Decimal("109.90"), Decimal("109.90")),
    }


@pytest.mark.parametrize(
    ("detail_fields", "description"),
    [
        (("category", "note", "user", "date"), "Travel - Taxi to airport - Alice - 2026-10-10"),
        (("date", "project"), "2026-10-10 - Website"),
        (
            ("category", "project", "note", "user", "date"),
            "Travel - Website - Taxi to airport - Alice - 2026-10-10",
        ),
        (("note",), "Taxi to airport"),
    ],
)
def test_detailed_expenses_are_described_by_their_detail_fields_in_order(
    detail_fields: tuple[str, ...], description: str
) -> None:
    expense = expense_candidate(amount="42.00", note="Taxi to airport")

    [line] = group_expenses([expense], expense_grouping("detailed", detail_fields=detail_fields))

    assert (line.description, line.quantity, line.unit_price, line.amount) == (
        description,
        Decimal(1),
        Decimal("42.00"),
        Decimal("42.00"),
    )


def test_detailed_expenses_skip_an_empty_note() -> None:
    [line] = group_expenses([expense_candidate(amount="9.00")], expense_grouping("detailed"))

    assert line.description == "Travel - Alice - 2026-10-10"


EXPENSE_MONTH = {
    "a": expense_candidate(amount="30.00", project="Website", user="Alice", note="Taxi", day="2026-10-02"),
    "b": expense_candidate(amount="12.00", project="App", user="Bob", note="Train", day="2026-10-03"),
    "c": expense_candidate(**MILEAGE, quantity="100", project="Website", user="Bob", day="2026-10-02"),
    "d": expense_candidate(**MILEAGE, quantity="40", project="Website", user="Bob", day="2026-10-04"),
    "e": expense_candidate(amount="8.00", project="Website", user="Alice", note="Taxi", day="2026-10-04"),
}


@pytest.mark.parametrize(
    ("group_by", "then_by", "expected"),
    [
        ("category", None, ["Mileage: cd", "Travel: abe"]),
        ("project", None, ["App: b", "Website: ae", "Website: cd"]),
        ("user", None, ["Alice: ae", "Bob: b", "Bob: cd"]),
        ("category", "project", ["Mileage - Website: cd", "Travel - App: b", "Travel - Website: ae"]),
        ("project", "user", ["App - Bob: b", "Website - Alice: ae", "Website - Bob: cd"]),
        (
            "user",
            "date",
            [
                "Alice - 2026-10-02: a",
                "Alice - 2026-10-04: e",
                "Bob - 2026-10-02: c",
                "Bob - 2026-10-03: b",
                "Bob - 2026-10-04: d",
            ],
        ),
        # An empty note adds nothing to the description.
        ("category", "note", ["Mileage: cd", "Travel - Taxi: ae", "Travel - Train: b"]),
    ],
)
def test_grouped_expenses_bill_one_line_per_group_and_price(
    group_by: str, then_by: str | None, expected: list[str]
) -> None:
    lines = group_expenses(list(EXPENSE_MONTH.values()), expense_grouping("grouped", group_by, then_by))

    assert sorted(billed_names(lines, EXPENSE_MONTH)) == sorted(expected)
    assert all(line.item_type is ItemType.PRODUCT for line in lines)


# Validation: grouping options are part of the import command and refused when it is built.


@pytest.mark.parametrize(
    ("options", "fields"),
    [
        ({"time": {"grouping": "weekly"}}, {"time.grouping"}),
        ({"time": {"grouping": "grouped", "group_by": "task"}}, {"time.group_by"}),
        ({"time": {"grouping": "grouped", "group_by": "description"}}, {"time.group_by"}),
        ({"time": {"then_by": "task"}}, {"time.then_by"}),
        ({"time": {"detail_fields": ["project", "rate"]}}, {"time.detail_fields.1"}),
        ({"time": {"detail_fields": []}}, {"time.detail_fields"}),
        (
            {
                "time": {
                    "grouping": "weekly",
                    "group_by": "task",
                    "then_by": "task",
                    "detail_fields": ["rate"],
                }
            },
            {"time.grouping", "time.group_by", "time.then_by", "time.detail_fields.0"},
        ),
        ({"time": {"colour": "blue"}}, {"time.colour"}),
        ({"expenses": {"grouping": "grouped", "group_by": "date"}}, {"expenses.group_by"}),
        ({"expenses": {"then_by": "description"}}, {"expenses.then_by"}),
        ({"expenses": {"detail_fields": ["description"]}}, {"expenses.detail_fields.0"}),
        ({"expenses": {"grouping": "itemised"}}, {"expenses.grouping"}),
    ],
)
def test_an_import_refuses_unknown_grouping_options_naming_each_bad_field(
    options: dict[str, object], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as raised:
        ImportItems.model_validate({"date_from": OCTOBER[0], "date_to": OCTOBER[1], **options})

    assert refused_fields(raised.value) == fields


@pytest.mark.parametrize(
    "options",
    [
        TimeGrouping(),
        grouping("grouped", "date", "description", ("date",)),
        ExpenseGrouping(),
        expense_grouping("grouped", "user", "note"),
    ],
)
def test_the_grouping_options_spec_lists_are_accepted(options: TimeGrouping | ExpenseGrouping) -> None:
    kind = "time" if isinstance(options, TimeGrouping) else "expenses"

    command = ImportItems.model_validate({"date_from": OCTOBER[0], "date_to": OCTOBER[1], kind: options})

    assert getattr(command, kind) == options
