"""The e-mail outbox: delivery of queued e-mails, following the event log."""
