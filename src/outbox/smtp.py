"""Delivery over SMTP with the standard library, every failure classified as transient or permanent.

A partial refusal (the server accepts some recipients and refuses others) counts as delivered: the
server has taken the message for the accepted ones, and another attempt would send them a second
copy. The refused recipients are logged as a warning; every recipient refused is a failure.
"""

import base64
import logging
import math
import smtplib
import ssl
from email.message import EmailMessage
from enum import StrEnum
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlsplit

from pydantic import SecretStr

from outbox.errors import DeliveryFailure, InvalidSmtpUrl, PermanentFailure, TransientFailure
from outbox.message import OutgoingEmail, to_mime

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 30.0
_REASON_LENGTH = 200


class Security(StrEnum):
    """How the connection is protected: not at all, upgraded with STARTTLS, or TLS from the first byte."""

    PLAIN = "plain"
    STARTTLS = "starttls"
    TLS = "tls"


_DEFAULT_PORTS = {Security.PLAIN: 25, Security.STARTTLS: 587, Security.TLS: 465}
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


class SmtpTransport:
    """Sends each e-mail over one fresh SMTP connection; credentials stay out of every text it makes."""

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        security: Security = Security.PLAIN,
        username: str | None = None,
        password: SecretStr | str | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if (username is None) != (password is None):
            raise InvalidSmtpUrl("an SMTP user needs a password, and a password a user")
        if not (math.isfinite(timeout) and timeout > 0):
            raise InvalidSmtpUrl("the SMTP timeout must be a positive number of seconds")
        self.host = host
        self.port = port if port is not None else _DEFAULT_PORTS[security]
        self.security = security
        self.timeout = timeout
        self._username = username
        self._password = SecretStr(password) if isinstance(password, str) else password
        self._ssl_context = ssl_context

    @classmethod
    def from_url(cls, url: SecretStr | str, *, ssl_context: ssl.SSLContext | None = None) -> "SmtpTransport":
        """A transport from `smtp://user:pass@host:port?starttls=true&timeout=10` (or `smtps://`)."""
        text = url.get_secret_value() if isinstance(url, SecretStr) else url
        # No message below repeats any part of the URL, and none chains the parser's own error:
        # a mistyped URL may hold the password anywhere.
        parts, port = _split(text)
        if parts is None:
            raise InvalidSmtpUrl("the SMTP URL's host or port cannot be read")
        if parts.scheme not in ("smtp", "smtps"):
            raise InvalidSmtpUrl("the SMTP URL must start with smtp:// or smtps://")
        if not parts.hostname or parts.path not in ("", "/") or parts.fragment:
            raise InvalidSmtpUrl("the SMTP URL must be smtp://user:password@host:port?options, nothing more")
        security = Security.TLS if parts.scheme == "smtps" else Security.PLAIN
        timeout: float | None = DEFAULT_TIMEOUT_SECONDS
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key == "starttls" and value.lower() in _TRUE | _FALSE:
                if parts.scheme == "smtps" and value.lower() in _TRUE:
                    raise InvalidSmtpUrl("smtps:// is TLS from the start; starttls=true is for smtp://")
                security = Security.STARTTLS if value.lower() in _TRUE else security
            elif key == "timeout":
                timeout = _seconds(value)
            else:
                raise InvalidSmtpUrl("the SMTP URL takes only starttls=true|false and timeout=<seconds>")
        if timeout is None:
            raise InvalidSmtpUrl("the SMTP timeout must be a positive number of seconds")
        username = None if parts.username is None else unquote(parts.username)
        password = None if parts.password is None else unquote(parts.password)
        return cls(
            parts.hostname,
            port,
            security=security,
            username=username,
            password=password,
            timeout=timeout,
            ssl_context=ssl_context,
        )

    def __repr__(self) -> str:
        login = ", with login" if self._username is not None else ""
        return f"SmtpTransport({self.host}:{self.port}, {self.security}, timeout={self.timeout:g}s{login})"

    __str__ = __repr__

    def send(self, email: OutgoingEmail) -> None:
        """Deliver one e-mail, or raise TransientFailure (try later) or PermanentFailure (give up)."""
        try:
            refused = self._deliver(to_mime(email), email.sender, email.recipients)
        except (smtplib.SMTPException, OSError) as exc:
            failure = self._classify(exc)
        else:
            if refused:
                log.warning(
                    "%s accepted by %s:%d, but refused for %s",
                    email.message_id,
                    self.host,
                    self.port,
                    self._redact(", ".join(f"{rcpt} ({code})" for rcpt, (code, _) in refused.items())),
                )
            log.info("%s delivered via %s:%d", email.message_id, self.host, self.port)
            return
        # Raised outside the handler so no chained exception carries the server's raw text along.
        raise failure

    def _deliver(
        self, message: EmailMessage, sender: str, recipients: tuple[str, ...]
    ) -> dict[str, tuple[int, bytes]]:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context()  # the system's CAs, host names checked
        context = self._ssl_context
        smtp: smtplib.SMTP
        if self.security is Security.TLS:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security is Security.STARTTLS:
                smtp.starttls(context=context)
            if self._username is not None and self._password is not None:
                _login(smtp, self._username, self._password.get_secret_value())
            refused = smtp.send_message(message, from_addr=sender, to_addrs=list(recipients))
        except BaseException:
            smtp.close()
            raise
        # The message is the server's now: a failing QUIT must not turn it into a retry (a duplicate).
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
        return refused

    def _classify(self, exc: smtplib.SMTPException | OSError) -> DeliveryFailure:
        """Transient (4xx, dropped, refused, timed out) or permanent (5xx, bad login, no TLS, bad cert)."""
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = [code for code, _ in exc.recipients.values()]
            listed = ", ".join(f"{rcpt} ({code})" for rcpt, (code, _) in exc.recipients.items())
            # One recipient refused only for now is worth another attempt for all of them.
            permanent = bool(codes) and all(500 <= code < 600 for code in codes)
            code = next((c for c in codes if (500 <= c < 600) == permanent), None)
            kind = PermanentFailure if permanent else TransientFailure
            return kind(self._redact(f"every recipient refused: {listed}"), code)
        if isinstance(exc, smtplib.SMTPResponseException):
            reply = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else exc.smtp_error
            )
            kind = PermanentFailure if 500 <= exc.smtp_code < 600 else TransientFailure
            return kind(self._redact(f"{_stage(exc)}: {reply}"), exc.smtp_code)
        if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, TimeoutError):
            exc = exc.__context__  # smtplib reports a read that timed out as a disconnection
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return TransientFailure(f"{self.host}:{self.port} closed the connection")
        if isinstance(exc, smtplib.SMTPException):
            # STARTTLS or AUTH not offered, no common AUTH mechanism: the settings need a change.
            return PermanentFailure(
                self._redact(f"{self.host}:{self.port} cannot be used as configured: {exc}")
            )
        if isinstance(exc, ssl.SSLCertVerificationError):
            return PermanentFailure(f"the certificate of {self.host} does not verify: {exc.verify_message}")
        if isinstance(exc, TimeoutError):
            return TransientFailure(f"{self.host}:{self.port} did not answer within {self.timeout:g}s")
        if isinstance(exc, ConnectionRefusedError):
            return TransientFailure(f"{self.host}:{self.port} refused the connection")
        if isinstance(exc, ssl.SSLError):
            return TransientFailure(f"TLS with {self.host}:{self.port} failed: {exc.reason or exc}")
        return TransientFailure(f"{self.host}:{self.port} unreachable: {exc.strerror or type(exc).__name__}")

    def _redact(self, text: str) -> str:
        """Text with the user and password masked (plain, percent-encoded, base64), shortened."""
        secrets: list[str] = []
        if self._username is not None and self._password is not None:
            user, password = self._username, self._password.get_secret_value()
            for raw in (f"\0{user}\0{password}", user, password):
                secrets.append(base64.b64encode(raw.encode()).decode())
            secrets += [password, quote(password, safe=""), user, quote(user, safe="")]
        for secret in sorted(filter(None, secrets), key=len, reverse=True):
            text = text.replace(secret, "***")
        text = " ".join(text.split())
        return text if len(text) <= _REASON_LENGTH else text[: _REASON_LENGTH - 1] + "…"


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; smtplib encodes credentials as ASCII only, so others go as UTF-8 AUTH PLAIN (RFC 4616)."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPNotSupportedError("a login that is not ASCII needs AUTH PLAIN, not offered here")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already logged in, as smtplib's own login accepts
        raise smtplib.SMTPAuthenticationError(code, reply)


def _split(url: str) -> tuple[SplitResult | None, int | None]:
    try:
        parts = urlsplit(url.strip())
        return parts, parts.port
    except ValueError:
        return None, None


def _seconds(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _stage(exc: smtplib.SMTPResponseException) -> str:
    stages: dict[type[smtplib.SMTPResponseException], str] = {
        smtplib.SMTPAuthenticationError: "login refused",
        smtplib.SMTPConnectError: "connection refused by the server",
        smtplib.SMTPHeloError: "greeting refused",
        smtplib.SMTPSenderRefused: "sender refused",
        smtplib.SMTPDataError: "message refused",
    }
    return stages.get(type(exc), "server replied")
