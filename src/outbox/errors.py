"""Named errors of the outbox's delivery edge: a bad message, a bad URL, a failed delivery."""


class OutboxError(Exception):
    """Anything the outbox's delivery edge refuses or fails at."""


class InvalidEmail(OutboxError, ValueError):
    """An outgoing e-mail that cannot be written as a message (no recipient, a line break in a header...)."""


class InvalidSmtpUrl(OutboxError, ValueError):
    """An SMTP URL that cannot be used; the message never repeats the URL, which may hold a password."""


class DeliveryFailure(OutboxError):
    """A delivery attempt failed: a short, credential-free reason and the SMTP reply code if there was one."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason, code)
        self.reason = reason
        self.code = code

    def __str__(self) -> str:
        return self.reason if self.code is None else f"{self.code} {self.reason}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(reason={self.reason!r}, code={self.code!r})"


class TransientFailure(DeliveryFailure):
    """Try again later: a 4xx reply, a refused or reset connection, a timeout, a dropped connection."""


class PermanentFailure(DeliveryFailure):
    """Give up: a 5xx reply, refused credentials, every recipient refused, a server that cannot do TLS."""


class InvalidRetryPolicy(OutboxError, ValueError):
    """A retry policy that cannot work: no attempt allowed, a delay that is not positive, a cap below it."""
