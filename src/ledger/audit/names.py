"""The chain's table and index names: a leaf module, read by the recorders as they are built."""

TABLE_NAMES = ("audit_chain", "audit_heads")
INDEX_NAMES = {"audit_chain_events": "ledger_audit_chain_events"}
