"""The canonical bytes of an event: what the audit chain hashes (docs/audit.md).

They are defined here, once, from the event's decoded values, never from the JSON the event
store happens to keep: a faster transcoder, or a new version of the library, must not change a
single byte. The form is JSON as RFC 8785 (JCS) writes it: object keys sorted, no whitespace,
strings as UTF-8 with only `"`, `\\` and control characters escaped. Our trees hold only
strings, integers, booleans, null, arrays and objects, for which the standard library's
`json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))` writes exactly that
(a test pins it to an RFC 8785 implementation, and stored fixtures pin the bytes themselves).
"""

import dataclasses
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from ledger.aggregate import Changes

# The envelope: fields of every event that the canonical form names on its own.
ENVELOPE = ("originator_id", "originator_version", "timestamp")
# Integers beyond this lose precision in JSON readers that use doubles (RFC 8785 §3.2.2.3).
MAX_SAFE_INTEGER = 2**53 - 1


class NotCanonical(TypeError):
    """A value the canonical form has no text for: the event cannot be chained."""


def instant_text(moment: datetime) -> str:
    """An instant as `YYYY-MM-DDTHH:MM:SS.ffffff±HH:MM`: its own offset kept, always 6 decimals."""
    offset = moment.utcoffset()
    if offset is None:
        raise NotCanonical(f"a date and time without a time zone: {moment!r}")
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    zone = f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    clock = f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"
    return f"{moment.date().isoformat()}T{clock}{zone}"


def _integer(value: int) -> int:
    if abs(value) > MAX_SAFE_INTEGER:
        raise NotCanonical(f"an integer beyond ±2**53: {value}")
    return value


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    plain = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise NotCanonical(f"a mapping key that is not text: {key!r}")
        plain[key] = to_plain(item)
    return plain


def _sequence(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [to_plain(item) for item in value]


# Exact types first (the common case, one dictionary look-up); subclasses are found below.
_EXACT: dict[type, Callable[[Any], Any]] = {
    str: lambda v: v,
    bool: lambda v: v,
    type(None): lambda v: v,
    int: _integer,
    Decimal: str,
    UUID: str,
    datetime: instant_text,
    date: date.isoformat,
    list: _sequence,
    tuple: _sequence,
    dict: _mapping,
}


def to_plain(value: Any) -> Any:
    """`value` as a tree of text, integers, booleans, null, lists and text-keyed objects.

    Decimals are their exact text (`str`: digits and exponent as stored, "1.50" stays "1.50"),
    UUIDs lower-case with hyphens, dates ISO 8601, enums their value, change sets the fields they
    set, value dataclasses their fields, tuples lists. Anything else (floats included) is refused.
    """
    exact = _EXACT.get(type(value))
    if exact is not None:
        return exact(value)
    if isinstance(value, Changes):
        return _mapping(value.items())
    if isinstance(value, Enum):
        return to_plain(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return _integer(int(value))
    if isinstance(value, datetime):
        return instant_text(value)
    for kind in (Decimal, UUID, date, list, tuple, dict):
        if isinstance(value, kind):
            return _EXACT[kind](value)
    if isinstance(value, Mapping):
        return _mapping(value)
    raise NotCanonical(f"no canonical form for a {type(value).__name__}: {value!r}")


def canonical_bytes(
    aggregate_id: UUID,
    version: int,
    type_name: str,
    type_version: int,
    recorded_at: datetime,
    data: Mapping[str, Any],
) -> bytes:
    """The bytes the chain hashes for one event (the envelope and its data, see docs/audit.md)."""
    tree = {
        "aggregate_id": str(aggregate_id),
        "version": _integer(version),
        "type": type_name,
        "type_version": _integer(type_version),
        "recorded_at": instant_text(recorded_at),
        "data": _mapping(data),
    }
    text = json.dumps(tree, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def event_bytes(event: Any) -> bytes:
    """The canonical bytes of a domain event as the application holds it (before it is stored)."""
    state = dict(vars(event))
    aggregate_id, version, recorded_at = (state.pop(name) for name in ENVELOPE)
    cls = type(event)
    return canonical_bytes(
        aggregate_id, version, cls.__qualname__, getattr(cls, "class_version", 1), recorded_at, state
    )


@dataclasses.dataclass(frozen=True)
class RecordedEvent:
    """A stored event as the chain reads it: decoded, not upcast, envelope apart."""

    type_name: str
    type_version: int
    recorded_at: datetime
    data: dict[str, Any]

    @classmethod
    def of(cls, event_class: type, state: dict[str, Any]) -> "RecordedEvent":
        """From the stored state as the store's transcoder decodes it (it is consumed).

        Not upcast: the chain commits to the event as it was recorded, whatever upcasters later
        versions of its class add; its `class_version` is part of what is hashed.
        """
        type_version = state.pop("class_version", 1)
        recorded_at = state.pop("timestamp")
        for name in ENVELOPE:
            state.pop(name, None)
        return cls(event_class.__qualname__, type_version, recorded_at, state)

    def canonical(self, aggregate_id: UUID, version: int) -> bytes:
        return canonical_bytes(
            aggregate_id, version, self.type_name, self.type_version, self.recorded_at, self.data
        )
