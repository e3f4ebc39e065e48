"""Tamper-evident history (SPEC §17): every event of a workspace chained by SHA-256.

- `canonical`: the bytes of an event that are hashed, defined from its decoded values;
- `chain`: how links are hashed, and the side writer that appends them in a save's transaction;
- `tables`: the chain's tables and SQL on both backends; `store`: transactions outside a save;
- `verify`: recomputing a chain from the stored events, streaming; `backfill`: `ledger audit init`.
See docs/audit.md. Nothing is imported here: the persistence layer reads `tables` while it
is itself being imported.
"""
