"""One outgoing e-mail as plain data, and the MIME message every attempt sends byte for byte alike."""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from uuid import UUID

from outbox.errors import InvalidEmail

# `<left@right>`, printable ASCII, no spaces or nested brackets: what RFC 5322 calls msg-id.
_MESSAGE_ID = re.compile(r"<[!-;=?-~]+@[!-;=?-~]+>")
_CONTENT_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")


def make_message_id(email_id: UUID | str, domain: str) -> str:
    """The stable Message-ID of a queued e-mail: `<{email_id}@{domain}>`, the same for every attempt."""
    message_id = f"<{email_id}@{_ascii_domain(domain)}>"
    if not _MESSAGE_ID.fullmatch(message_id):
        raise InvalidEmail("an e-mail id and a domain make no valid Message-ID")
    return message_id


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail: its name, its MIME type (`application/pdf`) and its bytes."""

    filename: str
    content_type: str
    content: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not self.filename or _has_line_break(self.filename) or "/" in self.filename:
            raise InvalidEmail("an attachment needs a plain file name")
        if not _CONTENT_TYPE.fullmatch(self.content_type):
            raise InvalidEmail(
                f"an attachment's content type must be type/subtype, not {self.content_type!r}"
            )


@dataclass(frozen=True)
class OutgoingEmail:
    """One e-mail to deliver; every attempt of one queued e-mail builds an equal value (id, Date...)."""

    message_id: str
    from_address: str
    to: tuple[str, ...]
    subject: str
    body: str
    date: datetime
    from_name: str = ""
    reply_to: str | None = None
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def __post_init__(self) -> None:
        # Accept any sequence from callers, keep tuples so the value stays immutable and hashable.
        for name in ("to", "cc", "bcc", "attachments"):
            value: Sequence[object] = getattr(self, name)
            if isinstance(value, str):
                raise InvalidEmail(f"{name} must be a sequence of addresses, not one string")
            object.__setattr__(self, name, tuple(value))
        if not _MESSAGE_ID.fullmatch(self.message_id):
            raise InvalidEmail("message_id must be a Message-ID such as <id@domain>")
        if self.date.tzinfo is None or self.date.utcoffset() is None:
            raise InvalidEmail("an e-mail's date must carry its time zone")
        if _has_line_break(self.subject) or _has_line_break(self.from_name):
            raise InvalidEmail("the subject and the sender's name must be one line each")
        if not self.recipients:
            raise InvalidEmail("an e-mail needs at least one recipient")
        for address in (self.from_address, *self.to, *self.cc, *self.bcc):
            _address(address)
        if self.reply_to is not None:
            _address(self.reply_to)

    @property
    def sender(self) -> str:
        """The SMTP envelope sender (MAIL FROM): the From address, its domain in ASCII."""
        return _address(self.from_address).addr_spec

    @property
    def recipients(self) -> tuple[str, ...]:
        """The SMTP envelope: every to, cc and bcc address once, in that order (Bcc never in a header)."""
        seen: dict[str, str] = {}
        for address in (*self.to, *self.cc, *self.bcc):
            seen.setdefault(address.lower(), address)
        return tuple(_address(address).addr_spec for address in seen.values())


def to_mime(email: OutgoingEmail, *, include_bcc: bool = False) -> EmailMessage:
    """The MIME message of an e-mail; Bcc is written only when asked (a stored copy, never over SMTP)."""
    message = EmailMessage(policy=SMTP)
    message["Message-ID"] = email.message_id
    message["Date"] = email.date
    message["From"] = _address(email.from_address, email.from_name)
    message["To"] = [_address(address) for address in email.to]
    if email.cc:
        message["Cc"] = [_address(address) for address in email.cc]
    if include_bcc and email.bcc:
        message["Bcc"] = [_address(address) for address in email.bcc]
    if email.reply_to is not None:
        message["Reply-To"] = _address(email.reply_to)
    message["Subject"] = email.subject
    # Quoted-printable keeps any body 7-bit clean: no server needs 8BITMIME, no line exceeds 998 bytes.
    message.set_content(email.body, cte="quoted-printable")
    for attachment in email.attachments:
        maintype, subtype = attachment.content_type.split("/", 1)
        message.add_attachment(attachment.content, maintype, subtype, filename=attachment.filename)
    if message.is_multipart():
        # A boundary derived from the id (not random) makes every attempt's bytes identical.
        message.set_boundary(f"=_{hashlib.sha256(email.message_id.encode()).hexdigest()[:40]}")
    return message


def _address(address: str, display_name: str = "") -> Address:
    """A parsed address, its domain IDNA-encoded so no server needs SMTPUTF8; InvalidEmail if malformed."""
    if _has_line_break(address) or not address.isprintable():
        raise InvalidEmail("an e-mail address must be one printable line")
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not local.isascii():
        raise InvalidEmail(f"not a deliverable e-mail address: {address!r}")
    try:
        parsed = Address(addr_spec=f"{local}@{_ascii_domain(domain)}")
    except (ValueError, HeaderParseError, IndexError) as exc:  # the parser's defects are ValueErrors
        raise InvalidEmail(f"not a deliverable e-mail address: {address!r}") from exc
    return Address(display_name=display_name, addr_spec=parsed.addr_spec)


def _ascii_domain(domain: str) -> str:
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidEmail(f"not a valid domain: {domain!r}") from exc
    if not ascii_domain or not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", ascii_domain):
        raise InvalidEmail(f"not a valid domain: {domain!r}")
    return ascii_domain


def _has_line_break(text: str) -> bool:
    return "\r" in text or "\n" in text
