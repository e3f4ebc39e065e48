"""The ledger's use cases, one module per area, composed into `ledger.application.Ledger`."""
