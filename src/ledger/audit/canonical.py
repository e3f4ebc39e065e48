"""The canonical bytes of an event: what the audit chain hashes (docs/audit.md).

They are defined here, once, from the event's decoded values, never from the JSON the event
store happens to keep: a faster transcoder, or a new version of the library, must not change a
single byte. The form is JSON as RFC 8785 (JCS) writes it: object keys sorted, no whitespace,
strings as UTF-8 with only `"`, `\\` and control characters escaped. Our trees hold only
strings, integers, booleans, null, arrays and objects, for which the standard library's
`json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))` writes exactly that
(a test pins it to an RFC 8785 implementation, and stored fixtures pin the bytes themselves).

`reference_bytes` is that definition in plain Python; `canonical_bytes`, what the chain uses,
writes the same bytes with orjson, several times faster (verification decodes and hashes every
event of a store). Tests hold the two equal on every kind of event and on generated values;
they differ only where the reference refuses (a float, which no event holds).
"""

import dataclasses
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson

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
    if offset is None or offset.microseconds:
        raise NotCanonical(f"a date and time without a whole-second offset: {moment!r}")
    # ±HH:MM, or ±HH:MM:SS for the rare offset with seconds (ISO 8601, as Python writes it).
    return moment.isoformat(timespec="microseconds")


def _integer(value: int) -> int:
    if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return value
    raise NotCanonical(f"an integer beyond ±2**53: {value}")


# The same few ids recur in every event (workspace, member, project): their text is kept.
_UUID_TEXT: dict[UUID, str] = {}


def _uuid(value: UUID) -> str:
    text = _UUID_TEXT.get(value)
    if text is None:
        if len(_UUID_TEXT) >= 100_000:
            _UUID_TEXT.clear()
        text = _UUID_TEXT[value] = str(value)
    return text


# A value dataclass's fields, each with the canonical form of its default (None: no default).
_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}
_NO_DEFAULT = object()


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        found = []
        for field in dataclasses.fields(cls):
            if field.default is not dataclasses.MISSING:
                default = to_plain(field.default)
            elif field.default_factory is not dataclasses.MISSING:
                default = to_plain(field.default_factory())
            else:
                default = _NO_DEFAULT
            found.append((field.name, default))
        fields = _FIELDS[cls] = tuple(found)
    return fields


def _dataclass_fields(value: Any) -> dict[str, Any]:
    """A value dataclass's fields, but those whose canonical form is their default's.

    A field added to a value object later has a default that means "as before": leaving it out
    at its default keeps the canonical bytes of events recorded before it existed.
    """
    fields = {}
    for name, default in _fields(type(value)):
        item = getattr(value, name)
        if default is _NO_DEFAULT or to_plain(item) != default:
            fields[name] = item
    return fields


def _dataclass(value: Any) -> dict[str, Any]:
    return _mapping(_dataclass_fields(value))


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    plain = {}
    for key, item in value.items():
        # ASCII keys sort alike by code point (how the encoders sort) and by UTF-16 unit (how
        # RFC 8785 sorts); every key an event holds is a field name or an id.
        if type(key) is not str or not key.isascii():
            raise NotCanonical(f"a mapping key that is not ASCII text: {key!r}")
        kind = type(item)
        # Text, booleans and null are themselves: the common case, without a call.
        plain[key] = item if kind is str or kind is bool or item is None else to_plain(item)
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
    UUID: _uuid,
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
    set, value dataclasses their fields (less those at their default), tuples lists. Anything
    else (floats included) is refused.
    """
    exact = _EXACT.get(type(value))
    if exact is not None:
        return exact(value)
    if isinstance(value, Changes):
        return _mapping(value.items())
    if isinstance(value, Enum):
        return to_plain(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return _integer(int(value))
    for kind in (datetime, Decimal, UUID, date, list, tuple, dict):
        if isinstance(value, kind):
            return _EXACT[kind](value)
    if isinstance(value, Mapping):
        return _mapping(value)
    raise NotCanonical(f"no canonical form for a {type(value).__name__}: {value!r}")


# One encoder for every event: RFC 8785's form for our trees (see the module's docstring).
_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _envelope(
    aggregate_id: UUID,
    version: int,
    type_name: str,
    type_version: int,
    recorded_at: datetime,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        "aggregate_id": _uuid(aggregate_id),
        "version": _integer(version),
        "type": type_name,
        "type_version": _integer(type_version),
        "recorded_at": instant_text(recorded_at),
        "data": data,
    }


def reference_bytes(
    aggregate_id: UUID,
    version: int,
    type_name: str,
    type_version: int,
    recorded_at: datetime,
    data: Mapping[str, Any],
) -> bytes:
    """The canonical bytes by their definition: `to_plain`, then RFC 8785's JSON."""
    tree = _envelope(aggregate_id, version, type_name, type_version, recorded_at, _mapping(data))
    return _JSON.encode(tree).encode("utf-8")


def _orjson_default(value: Any) -> Any:
    """What orjson does not write in our form itself: the rest of `to_plain`'s rules."""
    exact = _DEFAULT_EXACT.get(type(value))
    if exact is not None:
        return exact(value)
    if isinstance(value, Changes):
        return value.items()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass_fields(value)
    return to_plain(value)


_DEFAULT_EXACT: dict[type, Callable[[Any], Any]] = {
    Decimal: str,
    datetime: instant_text,
    date: date.isoformat,
}
# orjson writes text, integers (53-bit at most), booleans, null, lists, tuples, text-keyed dicts,
# UUIDs and enums (by value) as `to_plain` and RFC 8785 do; everything else goes to the default.
_ORJSON = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_STRICT_INTEGER
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def canonical_bytes(
    aggregate_id: UUID,
    version: int,
    type_name: str,
    type_version: int,
    recorded_at: datetime,
    data: Mapping[str, Any],
) -> bytes:
    """The bytes the chain hashes for one event (the envelope and its data, see docs/audit.md)."""
    tree = _envelope(aggregate_id, version, type_name, type_version, recorded_at, data)
    try:
        return orjson.dumps(tree, default=_orjson_default, option=_ORJSON)
    except orjson.JSONEncodeError as error:
        raise NotCanonical(str(error)) from error


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
