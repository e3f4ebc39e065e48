"""Documents people and machines read: PDF, e-invoices, e-mail bodies."""
