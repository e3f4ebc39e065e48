"""The HTTP API of the ledger (SPEC §10): `create_app(settings)` builds it."""
