"""Answers recorded with the save that produced them: what makes a retried request exactly-once.

A request that carries a key (HTTP `Idempotency-Key`) has its answer written by a `RecordAnswer`
side writer in the very transaction that records its events: the key, the request's fingerprint
and the answer commit together or not at all. A retry therefore finds either nothing (the write
never happened, and may run) or the answer (the write happened once, and is never run again).

The answer is opaque bytes to the ledger; the API decides what goes in. Keys are stored hashed
(with the caller's principal), and rows older than their time to live count as absent and are
pruned.
"""

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from ledger.persistence.sql import Tx

TABLE = """
CREATE TABLE IF NOT EXISTS {answers} (
    principal TEXT NOT NULL, key_hash TEXT NOT NULL, fingerprint TEXT NOT NULL,
    nonce TEXT NOT NULL, answer BYTEA NOT NULL, recorded_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (principal, key_hash));
CREATE INDEX IF NOT EXISTS {answers_recorded} ON {answers} (recorded_at)"""
INDEX_NAMES = {"answers_recorded": "ledger_answers_recorded"}
SELECT = (
    "SELECT fingerprint, nonce, answer FROM {answers} "
    "WHERE principal = ? AND key_hash = ? AND recorded_at >= ?"
)
DELETE_EXPIRED_KEY = "DELETE FROM {answers} WHERE principal = ? AND key_hash = ? AND recorded_at < ?"
INSERT = "INSERT INTO {answers} VALUES (?, ?, ?, ?, ?, ?)"
PRUNE = "DELETE FROM {answers} WHERE recorded_at < ?"


def key_hash(key: str) -> str:
    """Keys are stored hashed: the table alone does not tell which key fetches which answer."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class RequestKey:
    """Who asked (`principal`: a hash of their credentials), with which key, for what request."""

    principal: str
    key: str
    fingerprint: str
    ttl_seconds: float

    def oldest_alive(self, now: float) -> float:
        return now - self.ttl_seconds


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    nonce: str
    answer: bytes


class AnswerTaken(Exception):
    """The key already has an answer: this save must not commit (another attempt committed first)."""

    def __init__(self, stored: StoredAnswer) -> None:
        super().__init__("this key already has an answer")
        self.stored = stored


def select(request: RequestKey, now: float | None = None) -> tuple[str, tuple[Any, ...]]:
    """The query of the live answer recorded under `request`'s key (rows for `stored_answer`)."""
    now = time.time() if now is None else now
    return SELECT, (request.principal, key_hash(request.key), request.oldest_alive(now))


def stored_answer(rows: list[tuple[Any, ...]]) -> StoredAnswer | None:
    return StoredAnswer(str(rows[0][0]), str(rows[0][1]), bytes(rows[0][2])) if rows else None


@dataclass(frozen=True)
class RecordAnswer:
    """A side writer: the answer of this save, under its request's key (`nonce` names the attempt)."""

    request: RequestKey
    nonce: str
    answer: bytes

    def write(self, tx: Tx) -> None:
        # Every save holds the events table's lock here, so reading then inserting cannot race.
        now = time.time()
        principal, hashed = self.request.principal, key_hash(self.request.key)
        tx.execute(DELETE_EXPIRED_KEY, (principal, hashed, self.request.oldest_alive(now)))
        stored = stored_answer(tx.query(*select(self.request, now)))
        if stored is not None:
            raise AnswerTaken(stored)
        tx.execute(INSERT, (principal, hashed, self.request.fingerprint, self.nonce, self.answer, now))


def prune(ttl_seconds: float) -> tuple[str, tuple[Any, ...]]:
    """The statement that forgets answers older than their time to live."""
    return PRUNE, (time.time() - ttl_seconds,)
