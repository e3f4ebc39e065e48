"""Invoice numbers: a per-workspace sequence, unique and never reused (SPEC §4), on both backends."""

from uuid import UUID

import pytest
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.commands import ChangeInvoice, ChangeSettings
from ledger.errors import DuplicateNumber
from support.refusals import event_count, refused_fields
from support.world import World, given_world


def given_a_client(ledger: Ledger) -> tuple[World, UUID]:
    world = given_world(ledger)
    return world, world.client()


def number_of(world: World, invoice_id: UUID) -> str:
    return str(world.invoice_view(invoice_id).number)


def test_invoices_are_numbered_inv_0001_inv_0002_by_default(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)

    numbers = [number_of(world, world.invoice(client)) for _ in range(2)]

    assert numbers == ["INV-0001", "INV-0002"]


def test_the_prefix_and_padding_come_from_the_settings(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    ledger.change_settings(world.owner, ChangeSettings(number_prefix="2026/", number_padding=6))

    numbers = [number_of(world, world.invoice(client)) for _ in range(2)]

    assert numbers == ["2026/000001", "2026/000002"]


def test_a_new_prefix_continues_the_counter(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    world.invoice(client)
    ledger.change_settings(world.owner, ChangeSettings(number_prefix="B-", number_padding=2))

    assert number_of(world, world.invoice(client)) == "B-02"


def test_a_counter_beyond_the_padding_keeps_all_its_digits(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    ledger.change_settings(world.owner, ChangeSettings(number_padding=1))

    numbers = [number_of(world, world.invoice(client)) for _ in range(10)]

    assert numbers[-2:] == ["INV-9", "INV-10"]


def test_a_number_given_by_hand_is_kept(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)

    assert number_of(world, world.invoice(client, number="2026-SPECIAL")) == "2026-SPECIAL"


def test_a_number_taken_by_hand_is_a_duplicate_and_records_nothing(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    world.invoice(client)
    before = event_count(ledger)

    with pytest.raises(DuplicateNumber):
        world.invoice(client, number="INV-0001")

    assert event_count(ledger) == before


def test_an_empty_number_is_invalid(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)

    before = event_count(ledger)

    with pytest.raises(ValidationError) as rejected:
        world.invoice(client, number="  ")

    assert refused_fields(rejected.value) == {"number"}
    assert event_count(ledger) == before


def test_the_sequence_never_reuses_the_number_of_a_deleted_invoice(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    first = world.invoice(client)
    ledger.delete_invoice(world.owner, first)

    assert number_of(world, world.invoice(client)) == "INV-0002"


def test_the_number_of_a_deleted_invoice_cannot_be_given_by_hand(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    ledger.delete_invoice(world.owner, world.invoice(client))
    before = event_count(ledger)

    with pytest.raises(DuplicateNumber):
        world.invoice(client, number="INV-0001")

    assert event_count(ledger) == before


def test_renumbering_an_invoice_never_frees_its_old_number(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    invoice = world.invoice(client)

    ledger.change_invoice_details(world.owner, invoice, ChangeInvoice(number="X-1"))

    assert number_of(world, invoice) == "X-1"
    with pytest.raises(DuplicateNumber):
        world.invoice(client, number="INV-0001")


def test_renumbering_an_invoice_to_a_taken_number_is_a_duplicate(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    world.invoice(client)
    second = world.invoice(client)

    with pytest.raises(DuplicateNumber):
        ledger.change_invoice_details(world.owner, second, ChangeInvoice(number="INV-0001"))

    assert number_of(world, second) == "INV-0002"


def test_the_sequence_skips_numbers_taken_by_hand(ledger: Ledger) -> None:
    world, client = given_a_client(ledger)
    world.invoice(client, number="INV-0002")

    numbers = [number_of(world, world.invoice(client)) for _ in range(2)]

    assert numbers == ["INV-0001", "INV-0003"]


def test_each_workspace_has_its_own_sequence(ledger: Ledger) -> None:
    one, two = given_a_client(ledger), given_a_client(ledger)

    numbers = [number_of(world, world.invoice(client)) for world, client in (one, two)]

    assert numbers == ["INV-0001", "INV-0001"]


def test_a_number_taken_by_hand_in_one_workspace_is_free_in_another(ledger: Ledger) -> None:
    (one, one_client), (two, two_client) = given_a_client(ledger), given_a_client(ledger)
    one.invoice(one_client, number="A-1")

    assert number_of(two, two.invoice(two_client, number="A-1")) == "A-1"
