"""Persistence: the event store's recorders, with the side tables written in their transactions.

The library's recorders write events; ours also write, in the same transaction, the side tables
that must never disagree with the events (`side_tables`), and answer the queries of the write
side over them (`index`).
"""

from ledger.persistence.index import LedgerIndex
from ledger.persistence.recorders import PostgresLedgerRecorder, SQLiteLedgerRecorder
from ledger.persistence.side_tables import ApiKeyRow, IndexRows

__all__ = ["ApiKeyRow", "IndexRows", "LedgerIndex", "PostgresLedgerRecorder", "SQLiteLedgerRecorder"]
