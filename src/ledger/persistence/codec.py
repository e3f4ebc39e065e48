"""Events stored as typed JSON (msgspec), and every event stored as tagged JSON still read.

- Format 1, written by every release before this one (the library's `JSONTranscoder`): each
  value JSON has no type for is a tagged object, `{"_type_": "uuid_hex", "_data_": "…"}`,
  decoded by a Python hook per object (about 18 µs for a time entry's creation).
- Format 2, written from now on: the event's fields as plain JSON (ids, instants, dates and
  amounts as strings, enums as their values, value objects as objects), the first key `"_v2_"`
  holding the event class's version; decoded in C by msgspec against the annotations of the
  event class (about 4 µs), so the annotations are the schema.
A row is read in the format it was written in: a state that starts with `{"_v2_":` is format 2,
anything else format 1 (format 1 writes `{"timestamp":` first, never `_v2_`).

Format 2 is only written when it reads back as the very same event: an event class whose
annotations msgspec cannot decode faithfully (a snapshot's state holds any attribute), an
attribute without annotation, or a value that does not fit its annotation writes format 1.
An encoding is checked by decoding it (a few µs), so every stored row loads.

Upcasting: format-2 rows of an older class version are decoded as plain JSON values, upcast,
then converted to the annotated types; so an upcaster sees typed values in format-1 rows and
their JSON form in format-2 rows (adding, renaming or dropping keys works on both).
"""

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, TypedDict, Union
from uuid import UUID

import msgspec
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from ledger.aggregate import Changes
from ledger.values import Unset

MARK = b'{"_v2_":'
VERSION_KEY = "_v2_"
SCALARS = (str, int, float, bool, type(None), UUID, datetime, date, Decimal)
NOT_STORED = ("originator_id", "originator_version")


class Unsupported(TypeError):
    """An annotation msgspec cannot decode back to the same value."""


def _wire(hint: Any, changes: list[type[Changes]]) -> Any:
    """The type msgspec decodes `hint` as; `Unsupported` when it cannot do so faithfully."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        kept = [arg for arg in typing.get_args(hint) if arg is not Unset]
        wires = [_wire(arg, changes) for arg in kept]
        return wires[0] if len(wires) == 1 else Union[tuple(wires)]  # noqa: UP007
    if origin in (list, tuple):
        args = typing.get_args(hint)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise Unsupported(hint)
        item = _wire(args[0], changes)
        return list[item] if origin is list else tuple[item, ...]  # type: ignore[valid-type]
    if origin is not None or not isinstance(hint, type):
        raise Unsupported(hint)
    if hint in SCALARS or (issubclass(hint, Enum) and hint is not Unset):
        return hint
    if issubclass(hint, Changes):
        changes.append(hint)
        return _changes_wire(hint)
    if dataclasses.is_dataclass(hint):
        for field in typing.get_type_hints(hint).values():
            _wire(field, [])  # msgspec decodes the dataclass itself, by these same annotations
        return hint
    raise Unsupported(hint)


def _changes_wire(cls: type[Changes]) -> Any:
    """A change set travels as the fields it sets: a dict typed field by field, none required."""
    hints = typing.get_type_hints(cls)
    fields = {field.name: _wire(hints[field.name], []) for field in dataclasses.fields(cls)}
    return TypedDict(f"{cls.__name__}Wire", fields, total=False)  # type: ignore[operator]


@dataclasses.dataclass
class EventCodec:
    """Format 2 of one event class: its schema, and which fields hold change sets."""

    cls: type
    version: int
    names: frozenset[str]
    changes: dict[str, type[Changes]]
    decoder: msgspec.json.Decoder[dict[str, Any]]
    schema: Any

    @classmethod
    def of(cls, event_class: type) -> "EventCodec":
        hints = {
            name: hint
            for name, hint in typing.get_type_hints(event_class).items()
            if name not in NOT_STORED and typing.get_origin(hint) is not ClassVar
        }
        fields: dict[str, Any] = {VERSION_KEY: int}
        changes: dict[str, type[Changes]] = {}
        for name, hint in hints.items():
            found: list[type[Changes]] = []
            fields[name] = _wire(hint, found)
            if found:
                changes[name] = found[0]
        schema = TypedDict(f"{event_class.__name__}Wire", fields, total=False)  # type: ignore[misc]
        return cls(
            event_class,
            getattr(event_class, "class_version", 1),
            frozenset(hints),
            changes,
            msgspec.json.Decoder(schema),
            schema,
        )

    def typed(self, state: dict[str, Any]) -> dict[str, Any]:
        """Change sets back into their classes (the rest is typed by the decoder)."""
        for name, changes in self.changes.items():
            if name in state:
                state[name] = changes(**state[name])
        return state


class LedgerMapper(Mapper[UUID]):
    """The library's mapper, writing format 2 where it reads back exactly, reading both formats."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoder = msgspec.json.Encoder(uuid_format="hex")
        self.loose = msgspec.json.Decoder()
        self.codecs: dict[type, EventCodec | None] = {}
        self.plain = self.compressor is None and self.cipher is None

    def codec(self, event_class: type) -> EventCodec | None:
        try:
            return self.codecs[event_class]
        except KeyError:
            try:
                codec: EventCodec | None = EventCodec.of(event_class)
            except (Unsupported, TypeError, NameError):
                codec = None  # format 1 for this class
            self.codecs[event_class] = codec
            return codec

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        codec = self.codec(type(domain_event)) if self.plain else None
        encoded = self._encode(codec, domain_event) if codec is not None else None
        if encoded is None:
            return super().to_stored_event(domain_event)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=encoded,
        )

    def _encode(self, codec: EventCodec, event: Any) -> bytes | None:
        """Format 2 of `event`, or None when it would not read back as the same event."""
        state = {VERSION_KEY: codec.version}
        for name, value in vars(event).items():
            if name not in NOT_STORED:
                state[name] = value.items() if name in codec.changes else value
        if not codec.names.issuperset(state.keys() - {VERSION_KEY}):
            return None
        try:
            encoded = self.encoder.encode(state)
            # Change sets are compared as the dicts they travel as (`typed` is not needed here).
            return encoded if codec.decoder.decode(encoded) == state else None
        except (msgspec.EncodeError, msgspec.ValidationError, TypeError):
            return None

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if not stored_event.state.startswith(MARK):
            return super().to_domain_event(stored_event)
        cls = resolve_topic(stored_event.topic)
        codec = self.codec(cls)
        try:
            if codec is None:
                raise Unsupported(f"{cls.__qualname__} has no format 2 here")
            state = self._decode(codec, cls, stored_event.state)
        except (msgspec.DecodeError, Unsupported, TypeError) as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{stored_event.topic}', "
                f"originator_id '{stored_event.originator_id}' and originator_version "
                f"{stored_event.originator_version}: {error}"
            ) from error
        originator_id = stored_event.originator_id
        state["originator_id"] = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        state["originator_version"] = stored_event.originator_version
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return domain_event

    def decode_state(self, topic: str, state: bytes) -> dict[str, Any]:
        """A stored event's state, typed but not upcast, in either format: as the library's
        transcoder decodes format 1 (the class version, when above 1, under `class_version`).

        For readers of raw rows (the audit chain): `transcoder.decode` alone reads format 1 only.
        """
        if not state.startswith(MARK):
            decoded: dict[str, Any] = self.transcoder.decode(state)
            return decoded
        codec = self.codec(resolve_topic(topic))
        version = int(state[len(MARK) : state.index(b",", len(MARK))])
        if codec is None or version != codec.version:
            # An older shape has no schema here: its JSON values, untyped.
            loose: dict[str, Any] = self.loose.decode(state)
        else:
            loose = codec.typed(codec.decoder.decode(state))
        del loose[VERSION_KEY]
        if version > 1:
            loose["class_version"] = version
        return loose

    def _decode(self, codec: EventCodec, cls: type, data: bytes) -> dict[str, Any]:
        stored_version = int(data[len(MARK) : data.index(b",", len(MARK))])
        if stored_version == codec.version:
            state = codec.decoder.decode(data)
            del state[VERSION_KEY]
            return codec.typed(state) if codec.changes else state
        # An older shape: upcast its JSON values, then type the result by today's annotations.
        state = self.loose.decode(data)
        del state[VERSION_KEY]
        upcast: Callable[[dict[str, Any]], None]
        for version in range(stored_version, codec.version):
            upcast = getattr(cls, f"upcast_v{version}_v{version + 1}")
            upcast(state)
        for name in codec.changes:
            if isinstance(state.get(name), Changes):  # an upcaster of format 1 made it typed already
                state[name] = state[name].items()
        converted: dict[str, Any] = msgspec.convert(state, codec.schema, strict=False)
        return codec.typed(converted)
