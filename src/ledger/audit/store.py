"""The chain's tables on the ledger's own database: transactions outside a save, and decoding."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Mapper, Recorder
from psycopg.sql import Identifier

from ledger.audit.tables import Dialect, dialect_of
from ledger.persistence import PostgresLedgerRecorder, SQLiteLedgerRecorder
from ledger.persistence.codec import LedgerMapper
from ledger.persistence.sql import PostgresTx, SQLiteTx, Tx


@dataclass(frozen=True)
class ChainTx:
    """A transaction on the store, with what the chain's SQL needs to run in it."""

    tx: Tx
    dialect: Dialect
    events_table: str

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        return self.tx.query(self.dialect.sql(sql, self.events_table), params)


@contextmanager
def transaction(recorder: Recorder, *, write: bool = False) -> Iterator[ChainTx]:
    """A transaction on the ledger's database; a writing one holds the events table's lock, as a
    save does, so that no save slips in between what it reads and what it writes."""
    if isinstance(recorder, PostgresLedgerRecorder):
        events = Identifier(recorder.datastore.schema, recorder.events_table_name).as_string()
        with recorder.datastore.transaction(commit=write) as curs:
            if write:
                recorder._lock_table(curs)
            tx: Tx = PostgresTx(curs, recorder.tables)
            yield ChainTx(tx, dialect_of(tx), events)
    elif isinstance(recorder, SQLiteLedgerRecorder):
        with recorder.datastore.transaction(commit=write) as c:
            tx = SQLiteTx(c, recorder.tables)
            yield ChainTx(tx, dialect_of(tx), recorder.events_table_name)
    else:
        raise TypeError(f"no audit chain on a {type(recorder).__name__}")


def decode_state(mapper: Mapper[Any], topic: str, state: bytes) -> dict[str, Any]:
    """A stored event's state, decoded as the store wrote it (either stored format), not upcast."""
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    if isinstance(mapper, LedgerMapper):
        return mapper.decode_state(topic, state)
    decoded: dict[str, Any] = mapper.transcoder.decode(state)
    return decoded
