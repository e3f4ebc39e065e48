"""Where e-mails go: the Transport protocol, its two transports, and the choice between them by settings."""

import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from pydantic import SecretStr

from outbox.errors import TransientFailure
from outbox.message import OutgoingEmail, to_mime
from outbox.smtp import SmtpTransport

__all__ = ["EmlDirectoryTransport", "SmtpTransport", "Transport", "eml_filename", "transport_from_settings"]

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+=-]")


class Transport(Protocol):
    """Delivers one e-mail, or raises TransientFailure (try again later) or PermanentFailure (give up)."""

    def send(self, email: OutgoingEmail) -> None:
        """Deliver `email`; sending the same message again must be safe (the receiver sees one Message-ID)."""
        ...


def eml_filename(message_id: str) -> str:
    """The .eml file name of a message: its id without brackets, made safe for any filesystem."""
    bare = message_id.strip("<>")
    safe = _UNSAFE.sub("_", bare).lstrip(".")[:180]
    if safe != bare:
        # Two ids that sanitise alike must not share a file: the hash of the original tells them apart.
        safe = f"{safe}-{hashlib.sha256(message_id.encode()).hexdigest()[:12]}"
    return f"{safe}.eml"


class EmlDirectoryTransport:
    """The embedded default: each message written to `<directory>/<message id>.eml`, atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"EmlDirectoryTransport({str(self.directory)!r})"

    def path_for(self, message_id: str) -> Path:
        """Where the message with this Message-ID is (or will be) written."""
        return self.directory / eml_filename(message_id)

    def send(self, email: OutgoingEmail) -> None:
        """Write the message, Bcc included (it is the sender's copy); a resend replaces the earlier file."""
        target = self.path_for(email.message_id)
        content = to_mime(email, include_bcc=True).as_bytes()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, content)
        except OSError as exc:
            raise TransientFailure(
                f"cannot write {target.name} in {self.directory}: {exc.strerror}"
            ) from None
        log.info("%s written to %s", email.message_id, target)


def transport_from_settings(smtp_url: SecretStr | str | None, outbox_dir: Path) -> "Transport":
    """SMTP when `LEDGER_SMTP_URL` is set (and not empty), otherwise .eml files under `LEDGER_OUTBOX_DIR`."""
    url = smtp_url.get_secret_value() if isinstance(smtp_url, SecretStr) else smtp_url
    if url is None or not url.strip():
        return EmlDirectoryTransport(outbox_dir)
    return SmtpTransport.from_url(url)


def _write_atomically(target: Path, content: bytes) -> None:
    """Temporary file in the same directory, fsync, rename: readers see the old file or the new."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".eml.tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # The rename itself is durable once the directory entry is on disk.
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
