"""Every stored event loads: the tagged JSON of earlier releases and the typed JSON written now.

Events are written in format 2 (typed JSON, `ledger.persistence.codec`) and read in the format
they were stored in. The previous release's store (`tests/fixtures/v1`, format 1) still loads
event by event exactly as the library's own mapper reads it, and every event type, with any
values its annotations allow, reads back as it was written.
"""

import dataclasses
import json
import types
import typing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    UUIDAsHex,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ledger.aggregate import Changes
from ledger.application import Ledger
from ledger.client import Client
from ledger.persistence.codec import MARK, LedgerMapper
from ledger.time_entry import TimeEntry, TimeEntryChanges
from ledger.transcodings import register_domain_transcodings
from ledger.values import Unset

V1 = Path(__file__).parents[1] / "fixtures" / "v1" / "events.jsonl"


def v1_events() -> list[StoredEvent]:
    rows = [json.loads(line) for line in V1.read_text().splitlines()]
    return [
        StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"].encode())
        for r in rows
    ]


def tagged_json() -> JSONTranscoder:
    """The library's transcoder with the ledger's transcodings, as every release has had it."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_domain_transcodings(transcoder)
    return transcoder


def library_mapper() -> Mapper[UUID]:
    """The mapper the previous release read and wrote with."""
    return Mapper(tagged_json())


def ledger_mapper() -> LedgerMapper:
    return LedgerMapper(tagged_json())


def test_every_event_of_the_previous_release_reads_as_the_library_read_it() -> None:
    old, new = library_mapper(), ledger_mapper()

    for stored in v1_events():
        assert not stored.state.startswith(MARK)
        assert vars(new.to_domain_event(stored)) == vars(old.to_domain_event(stored)), stored.topic


def test_the_previous_release_s_store_loads_every_aggregate_and_takes_new_events(ledger: Ledger) -> None:
    stored = v1_events()
    ledger.recorder.insert_events(stored)
    last = {event.originator_id: event.originator_version for event in stored}

    loaded = {i: ledger.repository.get(i) for i in last}

    assert {i: aggregate.version for i, aggregate in loaded.items()} == last
    client = next(a for a in loaded.values() if isinstance(a, Client))
    client.delete(client.workspace_id)
    ledger.save(client)
    assert ledger.recorder.select_events(client.id, gt=last[client.id])[0].state.startswith(MARK)
    assert ledger.repository.get(client.id).deleted


def event_classes() -> list[type[Aggregate.Event]]:
    """Every event class nested in an aggregate of the ledger that records events."""
    from ledger.category import ExpenseCategory
    from ledger.expense import Expense
    from ledger.invoice import Invoice
    from ledger.member import Member
    from ledger.project import Project
    from ledger.workspace import Workspace

    aggregates = [Workspace, Member, Client, Project, ExpenseCategory, TimeEntry, Expense, Invoice]
    return [
        value
        for aggregate in aggregates
        for name, value in vars(aggregate).items()
        if isinstance(value, type) and issubclass(value, Aggregate.Event) and name not in ("Event", "Created")
    ]


def values_of(hint: Any) -> st.SearchStrategy[Any]:
    """Any value an annotation allows (amounts finite: NaN is never equal to itself)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(values_of(arg) for arg in typing.get_args(hint) if arg is not Unset))
    if origin is list:
        return st.lists(values_of(typing.get_args(hint)[0]), max_size=3)
    if origin is tuple:
        return st.lists(values_of(typing.get_args(hint)[0]), max_size=3).map(tuple)
    if hint is Decimal:
        return st.decimals(
            allow_nan=False, allow_infinity=False, places=4, max_value=10**9, min_value=-(10**9)
        )
    if hint is int:
        return st.integers(-(2**53), 2**53)
    if hint is datetime:
        return st.datetimes(timezones=st.just(UTC))
    if isinstance(hint, type) and issubclass(hint, Changes):
        fields = typing.get_type_hints(hint)
        return st.fixed_dictionaries(
            {}, optional={f.name: values_of(fields[f.name]) for f in dataclasses.fields(hint)}
        ).map(lambda kwargs: hint(**kwargs))
    if dataclasses.is_dataclass(hint):
        fields = typing.get_type_hints(hint)
        return st.builds(hint, **{f.name: values_of(fields[f.name]) for f in dataclasses.fields(hint)})
    return st.from_type(hint)


@st.composite
def events(draw: st.DrawFn) -> Aggregate.Event:
    cls = draw(st.sampled_from(event_classes()))
    hints = {
        name: hint
        for name, hint in typing.get_type_hints(cls).items()
        if typing.get_origin(hint) is not typing.ClassVar
        and name not in ("originator_id", "originator_version")
    }
    state = {name: draw(values_of(hint)) for name, hint in hints.items()}
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", {"originator_id": uuid4(), "originator_version": 3, **state})
    return event


@settings(max_examples=400, deadline=None)
@given(events())
def test_every_event_type_reads_back_as_written_in_typed_json(event: Aggregate.Event) -> None:
    mapper = ledger_mapper()

    stored = mapper.to_stored_event(event)

    assert stored.state.startswith(MARK), stored.state
    assert vars(mapper.to_domain_event(stored)) == vars(event)


@settings(max_examples=200, deadline=None)
@given(events())
def test_raw_state_decodes_in_either_format_as_the_library_s_transcoder_decodes_tagged_json(
    event: Aggregate.Event,
) -> None:
    """Readers of raw rows (the audit chain) get the same typed values, whatever the format."""
    assume(type(event).__qualname__ != "Invoice.Edited")  # never recorded: its changes have no transcoding
    typed, tagged = ledger_mapper().to_stored_event(event), library_mapper().to_stored_event(event)

    from_typed = ledger_mapper().decode_state(typed.topic, typed.state)

    # JSON has arrays only: tagged JSON gives lists, typed JSON what the annotation says (tuples).
    assert arrays_as_lists(from_typed) == ledger_mapper().decode_state(tagged.topic, tagged.state)
    assert arrays_as_lists(from_typed) == tagged_json().decode(tagged.state)


def arrays_as_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: arrays_as_lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [arrays_as_lists(item) for item in value]
    return value


def test_a_value_its_annotation_does_not_describe_is_stored_as_tagged_json_and_reads_back() -> None:
    mapper = ledger_mapper()
    [logged] = TimeEntry(  # type: ignore[call-arg]
        id=uuid4(),
        actor_id=uuid4(),
        workspace_id=uuid4(),
        member_id=uuid4(),
        project_id=uuid4(),
        client_id=None,
        description=uuid4(),  # a str by its annotation: typed JSON would read it back as a str
        start=datetime(2026, 10, 5, 9, tzinfo=UTC),
        end=datetime(2026, 10, 5, 10, tzinfo=UTC),
        day=datetime(2026, 10, 5).date(),
        duration_seconds=3600,
        billable=True,
        hourly_rate=Decimal("100.00"),
        amount=Decimal("100.00"),
    ).collect_events()

    stored = mapper.to_stored_event(logged)

    assert stored.state.startswith(b'{"timestamp":')
    assert vars(mapper.to_domain_event(stored)) == vars(logged)


def test_a_typed_row_of_an_older_class_version_is_upcast() -> None:
    """`TimeEntry.Edited` v1 held an open dict of changes; its upcaster keeps the fields it owns."""
    mapper, actor = ledger_mapper(), uuid4()
    state = {"_v2_": 1, "timestamp": "2026-10-05T09:00:00Z", "actor_id": actor.hex}
    state["changes"] = {"description": "Design review", "invoiced": True}
    stored = StoredEvent(uuid4(), 2, "ledger.time_entry:TimeEntry.Edited", json.dumps(state).encode())

    event = mapper.to_domain_event(stored)

    assert event.changes == TimeEntryChanges(description="Design review")  # type: ignore[attr-defined]
    assert (event.actor_id, event.timestamp) == (actor, datetime(2026, 10, 5, 9, tzinfo=UTC))  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", event_classes(), ids=lambda cls: cls.__qualname__)
def test_every_event_class_has_a_typed_json_schema(cls: type[Aggregate.Event]) -> None:
    assert ledger_mapper().codec(cls) is not None
