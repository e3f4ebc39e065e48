"""TLS and login against a real server, and credentials that never leak into any text the transport makes."""

import base64
import logging
import ssl
import traceback
from urllib.parse import quote

import pytest
import trustme

from outbox.errors import DeliveryFailure, InvalidSmtpUrl, PermanentFailure, TransientFailure
from outbox.smtp import SmtpTransport
from support.emails import PASSWORD, USER, an_email
from support.smtp_server import LOOPBACK, SmtpServer, closed_port, running_smtp_server


@pytest.mark.parametrize("password", [PASSWORD, "plain-ascii-password"], ids=["non-ascii", "ascii"])
def test_starttls_and_a_login_deliver_over_an_encrypted_authenticated_session(
    server_tls: ssl.SSLContext, client_tls: ssl.SSLContext, password: str
) -> None:
    with running_smtp_server(tls_context=server_tls, credentials=(USER, password)) as server:
        url = server.url(user=USER, password=password, starttls=True)

        SmtpTransport.from_url(url, ssl_context=client_tls).send(an_email())

        [received] = server.received
    assert received.over_tls
    assert received.authenticated_as == USER


def test_implicit_tls_with_smtps_delivers(server_tls: ssl.SSLContext, client_tls: ssl.SSLContext) -> None:
    with running_smtp_server(tls_context=server_tls, implicit_tls=True) as server:
        SmtpTransport.from_url(server.url(), ssl_context=client_tls).send(an_email())

        [received] = server.received
    assert received.over_tls


def test_implicit_tls_to_a_server_that_speaks_plain_smtp_is_transient(smtp_server: SmtpServer) -> None:
    url = smtp_server.url().replace("smtp://", "smtps://")

    with pytest.raises(TransientFailure, match="TLS with"):
        SmtpTransport.from_url(url).send(an_email())


def test_a_wrong_password_fails_the_message_at_once(
    secure_smtp_server: SmtpServer, client_tls: ssl.SSLContext
) -> None:
    url = secure_smtp_server.url(user=USER, password="not-the-password", starttls=True)

    with pytest.raises(PermanentFailure) as failure:
        SmtpTransport.from_url(url, ssl_context=client_tls).send(an_email())

    assert failure.value.code == 535
    assert failure.value.reason.startswith("login refused")
    assert secure_smtp_server.received == []


def test_a_certificate_from_an_unknown_authority_is_permanent(secure_smtp_server: SmtpServer) -> None:
    stranger = ssl.create_default_context()
    trustme.CA().configure_trust(stranger)
    url = secure_smtp_server.url(user=USER, password=PASSWORD, starttls=True)

    with pytest.raises(PermanentFailure, match="does not verify"):
        SmtpTransport.from_url(url, ssl_context=stranger).send(an_email())


def test_starttls_asked_of_a_server_without_it_is_permanent(smtp_server: SmtpServer) -> None:
    with pytest.raises(PermanentFailure, match="STARTTLS"):
        SmtpTransport.from_url(smtp_server.url(starttls=True)).send(an_email())

    assert smtp_server.received == []


def test_a_login_the_server_requires_but_is_not_given_is_permanent(
    secure_smtp_server: SmtpServer, client_tls: ssl.SSLContext
) -> None:
    with pytest.raises(PermanentFailure) as failure:
        SmtpTransport.from_url(secure_smtp_server.url(starttls=True), ssl_context=client_tls).send(an_email())

    assert failure.value.code == 530


def _forms(secret: str) -> list[str]:
    """Every way a secret could show up: as is, percent-encoded, base64 (as AUTH PLAIN/LOGIN send it)."""
    plain = base64.b64encode(f"\0{USER}\0{secret}".encode()).decode()
    return [secret, quote(secret, safe=""), base64.b64encode(secret.encode()).decode(), plain]


def _texts(failure: BaseException) -> list[str]:
    return [
        str(failure),
        repr(failure),
        "".join(traceback.format_exception(failure)),
        *map(str, failure.args),
    ]


def test_credentials_never_appear_in_reprs_failures_or_logs(
    secure_smtp_server: SmtpServer, client_tls: ssl.SSLContext, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="outbox")
    good = secure_smtp_server.url(user=USER, password=PASSWORD, starttls=True)
    wrong = secure_smtp_server.url(user=USER, password=PASSWORD[::-1], starttls=True)
    unreachable = f"smtp://{quote(USER)}:{quote(PASSWORD, safe='')}@{LOOPBACK}:{closed_port()}?timeout=5"
    good_transport, wrong_transport, unreachable_transport = (
        SmtpTransport.from_url(url, ssl_context=client_tls) for url in (good, wrong, unreachable)
    )
    texts = [
        text for t in (good_transport, wrong_transport, unreachable_transport) for text in (repr(t), str(t))
    ]

    good_transport.send(an_email())
    secure_smtp_server.handler.answer_next(f"550 5.7.1 rejected {USER} {PASSWORD}")  # a server that echoes
    for transport in (good_transport, wrong_transport, unreachable_transport):
        with pytest.raises(DeliveryFailure) as failure:
            transport.send(an_email())
        assert failure.value.__cause__ is None
        assert failure.value.__context__ is None
        texts += _texts(failure.value)
    for mistyped in (good.replace("?", "?nope=1&"), good.replace(f":{secure_smtp_server.port}", ":port")):
        with pytest.raises(InvalidSmtpUrl) as invalid:
            SmtpTransport.from_url(mistyped)
        texts += _texts(invalid.value)
    outbox_logs = [record.getMessage() for record in caplog.records if record.name.startswith("outbox")]

    assert len(secure_smtp_server.received) == 1
    assert any("550 message refused: 5.7.1 rejected *** ***" in text for text in texts)
    assert any("delivered via" in line for line in outbox_logs)
    for text in texts + outbox_logs:
        for form in _forms(PASSWORD) + _forms(USER):
            assert form not in text, text
