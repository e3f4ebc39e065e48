"""How a caller's answer gets into the transaction of the save that produced it.

A request with an `Idempotency-Key` must have its answer committed together with its events
(`ledger.persistence.answers`). The use case knows the answer (its view, built from the decided
state before saving) and names the save that counts (`LedgerBase._commit(..., answer=view)`);
the caller knows how to turn the view into the bytes it will send, and under which key. This
module joins the two: the caller installs an `AnswerHook` for the duration of one call
(`answering(hook)`), and `LedgerBase.save` — the one place that reads it — asks the hook for the
side writer of its answer.

Why a context-scoped hook rather than an argument of every use case: the hook is read in exactly
one place (the save), not by each use case, so no use case can forget it; a save under a hook
without an answer is refused (`UnansweredSave`) rather than silently left non-atomic.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from ledger.persistence.sql import SideWriter


class AnswerHook(Protocol):
    """Turns a use case's answer into the side writer that records it, and hears of the commit."""

    def writer(self, answer: object) -> SideWriter: ...

    def committed(self, writer: SideWriter) -> None: ...


class UnansweredSave(Exception):
    """A save under an answer hook named no answer: a use case that does not pass its view."""


class _NoAnswer:
    def __repr__(self) -> str:
        return "NO_ANSWER"


NO_ANSWER = _NoAnswer()
_hook: ContextVar[AnswerHook | None] = ContextVar("ledger_answer_hook", default=None)


@contextmanager
def answering(hook: AnswerHook) -> Iterator[None]:
    """Saves made in this context (and in threads started from a copy of it) answer through `hook`."""
    token = _hook.set(hook)
    try:
        yield
    finally:
        _hook.reset(token)


def current_hook() -> AnswerHook | None:
    return _hook.get()
