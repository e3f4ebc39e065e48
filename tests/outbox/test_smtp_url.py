"""`LEDGER_SMTP_URL`: what each URL configures, and URLs refused without repeating them."""

import pytest
from pydantic import SecretStr

from outbox.errors import InvalidSmtpUrl
from outbox.smtp import DEFAULT_TIMEOUT_SECONDS, Security, SmtpTransport


@pytest.mark.parametrize(
    ("url", "host", "port", "security", "timeout"),
    [
        ("smtp://localhost", "localhost", 25, Security.PLAIN, DEFAULT_TIMEOUT_SECONDS),
        ("smtp://mail.example:2525", "mail.example", 2525, Security.PLAIN, DEFAULT_TIMEOUT_SECONDS),
        ("smtp://u:p@mail.example?starttls=true", "mail.example", 587, Security.STARTTLS, 30.0),
        ("smtp://u:p@mail.example:25?starttls=false&timeout=2.5", "mail.example", 25, Security.PLAIN, 2.5),
        ("smtps://u:p@mail.example", "mail.example", 465, Security.TLS, DEFAULT_TIMEOUT_SECONDS),
        ("smtps://u:p@mail.example:2465?timeout=10", "mail.example", 2465, Security.TLS, 10.0),
        ("smtp://[::1]:2525/", "::1", 2525, Security.PLAIN, DEFAULT_TIMEOUT_SECONDS),
    ],
)
def test_a_url_configures_host_port_security_and_timeout(
    url: str, host: str, port: int, security: Security, timeout: float
) -> None:
    transport = SmtpTransport.from_url(url)

    assert (transport.host, transport.port, transport.security, transport.timeout) == (
        host,
        port,
        security,
        timeout,
    )


def test_a_url_with_a_login_shows_neither_user_nor_password() -> None:
    # Percent-decoding itself is proven by logging in to a real server (test_smtp_security.py).
    transport = SmtpTransport.from_url(SecretStr("smtp://billing%40firma.example:p%2Fw%3A%40rd@mail.example"))

    assert repr(transport) == "SmtpTransport(mail.example:25, plain, timeout=30s, with login)"
    assert str(transport) == repr(transport)


@pytest.mark.parametrize(
    "url",
    [
        "http://u:hunter2@mail.example",
        "smtp://u:hunter2@",
        "smtp://u:hunter2@mail.example:port",
        "smtp://u:hunter2@mail.example:99999",
        "smtp://u:hunter2@mail.example/path",
        "smtp://u:hunter2@mail.example#fragment",
        "smtp://u:hunter2@mail.example?hunter2=1",
        "smtp://u:hunter2@mail.example?starttls=maybe",
        "smtp://u:hunter2@mail.example?timeout=soon",
        "smtp://u:hunter2@mail.example?timeout=0",
        "smtp://u:hunter2@mail.example?timeout=nan",
        "smtps://u:hunter2@mail.example?starttls=true",
        "smtp://u@mail.example",
        "smtp://u:hunt/er2@mail.example",
    ],
)
def test_an_unusable_url_is_refused_without_repeating_it(url: str) -> None:
    with pytest.raises(InvalidSmtpUrl) as refused:
        SmtpTransport.from_url(url)

    assert "hunt" not in str(refused.value)
    assert refused.value.__cause__ is None
