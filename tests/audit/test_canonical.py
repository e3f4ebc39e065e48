"""The canonical bytes of events (docs/audit.md): pinned by stored fixtures, and RFC 8785's form.

`tests/fixtures/audit/canonical.json` holds stored events as the store keeps them, with the
canonical bytes and first-link hash they gave when the chain was made. They must never change:
not with a new library, not with a faster transcoder, not with a new version of an event class.
"""

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import rfc8785
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    UUIDAsHex,
)
from eventsourcing.utils import resolve_topic
from hypothesis import given
from hypothesis import strategies as st

from ledger.audit.canonical import (
    NotCanonical,
    RecordedEvent,
    canonical_bytes,
    event_bytes,
    instant_text,
    reference_bytes,
    to_plain,
)
from ledger.audit.chain import GENESIS, link
from ledger.invoice import InvoiceChanges, ItemType
from ledger.transcodings import register_domain_transcodings
from ledger.values import UNSET

FIXTURES = json.loads((Path(__file__).parent.parent / "fixtures" / "audit" / "canonical.json").read_text())


def mapper() -> Mapper[UUID]:
    """The store's mapper, as the ledger builds it (the library's transcodings, then ours)."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_domain_transcodings(transcoder)
    return Mapper(transcoder)


def stored(fixture: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        UUID(fixture["originator_id"]),
        fixture["originator_version"],
        fixture["topic"],
        fixture["state"].encode(),
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["topic"].split(":")[1] for f in FIXTURES])
def test_a_stored_event_still_gives_the_canonical_bytes_and_hash_it_was_chained_with(
    fixture: dict[str, Any],
) -> None:
    state = mapper().transcoder.decode(fixture["state"].encode())
    event = RecordedEvent.of(resolve_topic(fixture["topic"]), state)

    canonical = event.canonical(UUID(fixture["originator_id"]), fixture["originator_version"])

    assert canonical.decode() == fixture["canonical"]
    assert link(GENESIS, canonical).hex() == fixture["first_link"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["topic"].split(":")[1] for f in FIXTURES])
def test_an_event_as_the_application_holds_it_gives_the_same_bytes_as_once_stored(
    fixture: dict[str, Any],
) -> None:
    cls = resolve_topic(fixture["topic"])
    stored_version = json.loads(fixture["state"]).get("class_version", 1)
    if stored_version != getattr(cls, "class_version", 1):
        pytest.skip("recorded by an older version of its class: its upcast form is a new event")

    event = mapper().to_domain_event(stored(fixture))

    assert event_bytes(event).decode() == fixture["canonical"]


def test_an_event_of_an_older_class_version_is_hashed_as_it_was_recorded_not_as_upcast() -> None:
    [old] = [
        f for f in FIXTURES if f["topic"].endswith("DetailsChanged") and '"type_version":1' in f["canonical"]
    ]

    upcast = mapper().to_domain_event(stored(old))

    # The application reads it upcast (its change set no longer has `status`)...
    assert "status" not in upcast.changes.items()  # type: ignore[attr-defined]
    # ...while the chain keeps committing to what was recorded.
    assert '"type_version":1' in old["canonical"] and '"status":"paid"' in old["canonical"]


def test_a_value_object_field_added_later_leaves_older_events_bytes_as_they_were() -> None:
    [imported] = [f for f in FIXTURES if f["topic"].endswith("ItemsImported")]
    added_later = ("quantity_overridden", "first_day", "last_day")
    at_default, before = json.loads(imported["state"]), json.loads(imported["state"])
    for item in at_default["items"]:
        item["_data_"].update(quantity_overridden=False, first_day=None, last_day=None)
    for item in before["items"]:
        # As a line was stored before lines knew whether their quantity was edited, or their days.
        for name in added_later:
            item["_data_"].pop(name)

    def canonical_of(state: dict[str, Any]) -> str:
        decoded = mapper().transcoder.decode(json.dumps(state).encode())
        event = RecordedEvent.of(resolve_topic(imported["topic"]), decoded)
        return event.canonical(UUID(imported["originator_id"]), imported["originator_version"]).decode()

    assert canonical_of(before) == canonical_of(at_default)
    assert not any(f'"{name}"' in canonical_of(before) for name in added_later)


class Colour(Enum):
    RED = "red"


@dataclasses.dataclass(frozen=True)
class Point:
    x: Decimal
    tags: tuple[str, ...]


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        (Decimal("1.50"), "1.50"),
        (Decimal("1E+2"), "1E+2"),
        (Decimal("-0.00"), "-0.00"),
        (UUID("6F1C2D9E-8A8B-4F7E-9A51-0C3F3F1D2B11"), "6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11"),
        (date(2026, 10, 5), "2026-10-05"),
        (datetime(2026, 10, 5, 9, tzinfo=UTC), "2026-10-05T09:00:00.000000+00:00"),
        (
            datetime(2026, 10, 5, 9, 0, 0, 7, tzinfo=timezone(timedelta(hours=-5))),
            "2026-10-05T09:00:00.000007-05:00",
        ),
        (Colour.RED, "red"),
        (ItemType.PRODUCT, "product"),
        (InvoiceChanges(number="INV-7", note=UNSET), {"number": "INV-7"}),
        (Point(Decimal("2.0"), ("a", "b")), {"x": "2.0", "tags": ["a", "b"]}),
        ((1, [True, None]), [1, [True, None]]),
        ({"b": 2, "a": "é"}, {"b": 2, "a": "é"}),
    ],
    ids=repr,
)
def test_domain_values_have_one_textual_form(value: Any, plain: Any) -> None:
    assert to_plain(value) == plain


@pytest.mark.parametrize(
    "value",
    [1.5, datetime(2026, 10, 5, 9), {1: "a"}, 2**53, b"bytes", {"a", "b"}],
    ids=["float", "naive datetime", "int key", "huge int", "bytes", "set"],
)
def test_values_with_no_canonical_form_are_refused(value: Any) -> None:
    with pytest.raises(NotCanonical):
        to_plain(value)


def test_an_instant_keeps_its_own_offset() -> None:
    moment = datetime(2026, 10, 5, 9, 30, tzinfo=timezone(timedelta(hours=2)))

    assert instant_text(moment) == "2026-10-05T09:30:00.000000+02:00"
    assert instant_text(moment.astimezone(UTC)) == "2026-10-05T07:30:00.000000+00:00"


# Object keys are ASCII (field names and ids): RFC 8785 sorts keys by UTF-16 code unit, which for
# ASCII is the code-point order the encoders use.
ascii_keys = st.text(alphabet=st.characters(max_codepoint=127))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ascii_keys, children, max_size=4),
    max_leaves=20,
)


@given(data=st.dictionaries(ascii_keys, json_values, max_size=5))
def test_canonical_bytes_are_rfc_8785_json(data: dict[str, Any]) -> None:
    """Any tree an event can hold (text values may be any Unicode) is written as RFC 8785 says."""
    aggregate_id = UUID("6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11")
    recorded_at = datetime(2026, 10, 5, 9, tzinfo=UTC)

    canonical = canonical_bytes(aggregate_id, 3, "Invoice.Edited", 2, recorded_at, data)

    assert canonical == rfc8785.dumps(json.loads(canonical))


domain_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text()
    | st.uuids()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.datetimes(
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
        )
    )
    | st.sampled_from([*Colour, *ItemType]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.tuples(children, children)
        | st.dictionaries(ascii_keys, children, max_size=3)
        | st.builds(
            Point,
            st.decimals(allow_nan=False, allow_infinity=False),
            st.lists(st.text(), max_size=2).map(tuple),
        )
        | st.builds(InvoiceChanges, number=st.text() | st.just(UNSET), note=st.text() | st.just(UNSET))
    ),
    max_leaves=12,
)


@given(data=st.dictionaries(ascii_keys, domain_values, max_size=6), version=st.integers(1, 10**6))
def test_the_fast_encoder_writes_exactly_the_reference_bytes(data: dict[str, Any], version: int) -> None:
    aggregate_id = UUID("6f1c2d9e-8a8b-4f7e-9a51-0c3f3f1d2b11")
    recorded_at = datetime(2026, 10, 5, 9, 0, 0, 123, tzinfo=UTC)

    fast = canonical_bytes(aggregate_id, version, "Invoice.Edited", 2, recorded_at, data)

    assert fast == reference_bytes(aggregate_id, version, "Invoice.Edited", 2, recorded_at, data)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["topic"].split(":")[1] for f in FIXTURES])
def test_the_fast_encoder_writes_the_reference_bytes_of_every_stored_fixture(fixture: dict[str, Any]) -> None:
    state = mapper().transcoder.decode(fixture["state"].encode())
    event = RecordedEvent.of(resolve_topic(fixture["topic"]), state)
    parts = (
        UUID(fixture["originator_id"]),
        fixture["originator_version"],
        event.type_name,
        event.type_version,
    )

    assert reference_bytes(*parts, event.recorded_at, event.data).decode() == fixture["canonical"]


def test_a_key_that_is_not_ascii_has_no_canonical_form() -> None:
    with pytest.raises(NotCanonical):
        to_plain({"café": 1})
