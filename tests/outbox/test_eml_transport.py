"""The embedded default: messages written as .eml files, one per Message-ID, and the choice by settings."""

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from pydantic import SecretStr

from outbox.errors import TransientFailure
from outbox.message import make_message_id
from outbox.smtp import Security, SmtpTransport
from outbox.transport import EmlDirectoryTransport, eml_filename, transport_from_settings
from support.emails import an_email


def _read(path: Path) -> EmailMessage:
    return message_from_bytes(path.read_bytes(), _class=EmailMessage, policy=default)


def test_each_message_is_written_as_one_file_named_by_its_message_id(tmp_path: Path) -> None:
    transport = EmlDirectoryTransport(tmp_path / "outbox")
    first = an_email(message_id=make_message_id("e-1", "firma.example"))
    second = an_email(message_id=make_message_id("e-2", "firma.example"))

    transport.send(first)
    transport.send(second)

    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [
        "e-1@firma.example.eml",
        "e-2@firma.example.eml",
    ]
    written = _read(tmp_path / "outbox" / "e-1@firma.example.eml")
    assert written["Message-ID"] == first.message_id
    assert str(written["Bcc"]) == "archiv@firma.example"  # the sender's copy keeps its blind recipients
    [attachment] = list(written.iter_attachments())
    assert attachment.get_content() == first.attachments[0].content


def test_a_resend_of_the_same_message_overwrites_its_file(tmp_path: Path) -> None:
    transport = EmlDirectoryTransport(tmp_path)
    message_id = make_message_id("e-1", "firma.example")

    transport.send(an_email(message_id=message_id, subject="first attempt"))
    transport.send(an_email(message_id=message_id, subject="second attempt"))

    [path] = tmp_path.iterdir()
    assert path == transport.path_for(message_id)
    assert str(_read(path)["Subject"]) == "second attempt"


def test_a_directory_that_cannot_be_written_is_a_transient_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the outbox should be")

    with pytest.raises(TransientFailure, match="cannot write"):
        EmlDirectoryTransport(blocker / "outbox").send(an_email())


@pytest.mark.parametrize(
    ("message_id", "filename"),
    [
        ("<e-1@firma.example>", "e-1@firma.example.eml"),
        ("<a/b@firma.example>", "a_b@firma.example-"),
        ("<a_b@firma.example>", "a_b@firma.example.eml"),
        ("<..@firma.example>", "@firma.example-"),
    ],
)
def test_a_message_id_becomes_a_safe_file_name(message_id: str, filename: str) -> None:
    assert eml_filename(message_id).startswith(filename)
    assert "/" not in eml_filename(message_id)


def test_two_ids_that_sanitise_alike_get_different_files() -> None:
    assert eml_filename("<a/b@firma.example>") != eml_filename("<a_b@firma.example>")


@pytest.mark.parametrize("smtp_url", [None, "", "  ", SecretStr("")])
def test_without_an_smtp_url_messages_go_to_the_outbox_directory(
    smtp_url: str | None, tmp_path: Path
) -> None:
    transport = transport_from_settings(smtp_url, tmp_path / "outbox")

    assert isinstance(transport, EmlDirectoryTransport)
    assert transport.directory == tmp_path / "outbox"


def test_with_an_smtp_url_messages_go_to_that_server(tmp_path: Path) -> None:
    transport = transport_from_settings(SecretStr("smtp://u:p@mail.example:587?starttls=true"), tmp_path)

    assert isinstance(transport, SmtpTransport)
    assert (transport.host, transport.port, transport.security) == ("mail.example", 587, Security.STARTTLS)
