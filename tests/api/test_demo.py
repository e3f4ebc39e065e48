"""The demo workspace `ledger demo` loads: last month's weekdays tracked, one client's month invoiced."""

from datetime import date
from pathlib import Path
from uuid import UUID

from api.demo import Demo, create_demo, is_empty, owner_of
from ledger.application import Ledger

# October 2026 has 22 weekdays, 4 of them Mondays.
NOVEMBER_15 = date(2026, 11, 15)


def test_the_demo_tracks_three_entries_each_weekday_and_reports_progress_to_the_end(ledger: Ledger) -> None:
    seen: list[tuple[int, int]] = []

    demo = create_demo(ledger, NOVEMBER_15, lambda done, total: seen.append((done, total)))

    assert (demo.time_entries, demo.expenses) == (22 * 3, 4 + 1)
    assert seen == [(n, 71) for n in range(1, 72)]


def test_the_demo_invoice_bills_one_clients_weekday_time_and_mileage_of_last_month(ledger: Ledger) -> None:
    demo = create_demo(ledger, NOVEMBER_15)
    owner = owner_of(ledger, demo)
    assert owner is not None and demo.invoice_id is not None

    invoice = ledger.get_invoice(owner, demo.invoice_id)

    assert ledger.get_client(owner, invoice.client_id).name == "Globex Corporation"
    assert (invoice.status, invoice.issue_date, invoice.subject) == (
        "unsent",
        NOVEMBER_15,
        "October 2026",
    )
    assert {item.unit for item in invoice.items} == {"h", "km"}
    entries = [ledger.get_time_entry(owner, i) for item in invoice.items for i in item.time_entry_ids]
    assert entries
    for entry in entries:
        assert entry.invoice_id == demo.invoice_id
        assert entry.day.month == 10 and entry.day.weekday() < 5


def test_a_remembered_demo_opens_its_workspace_again(ledger: Ledger, tmp_path: Path) -> None:
    demo = create_demo(ledger, NOVEMBER_15)
    demo.save(tmp_path / ".ledger-demo")

    remembered = Demo.load(tmp_path / ".ledger-demo")

    assert remembered == Demo(demo.workspace_id, demo.api_key)
    owner = owner_of(ledger, remembered)
    assert owner is not None and owner.workspace_id == demo.workspace_id
    assert not is_empty(ledger)


def test_a_key_of_another_workspace_is_not_the_demo(ledger: Ledger) -> None:
    demo = create_demo(ledger, NOVEMBER_15)

    assert owner_of(ledger, Demo(UUID(int=1), demo.api_key)) is None
    assert owner_of(ledger, Demo(demo.workspace_id, "lk_not-a-key")) is None
