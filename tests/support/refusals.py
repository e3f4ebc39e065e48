"""What a refusal names, whether a command refused to be built or a use case refused it."""

from pydantic import ValidationError

from ledger.application import Ledger
from ledger.errors import InvalidInput


def refused_fields(error: BaseException) -> set[str]:
    """The fields a refusal names, dotted ("rounding.mode"): a command's validation errors (their
    locations) or a use case's `InvalidInput` (its fields)."""
    if isinstance(error, ValidationError):
        return {".".join(str(part) for part in detail["loc"]) for detail in error.errors()}
    if isinstance(error, InvalidInput):
        return set(error.errors)
    raise TypeError(f"{type(error).__name__} names no fields")


def event_count(ledger: Ledger) -> int:
    """How many events the store holds: a refused command must not move it."""
    return ledger.recorder.max_notification_id() or 0
