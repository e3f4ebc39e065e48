"""Fixtures of the outbox's delivery edge: real SMTP servers, a throwaway CA, and e-mails to send."""

import ssl
from collections.abc import Callable, Iterator

import pytest
import trustme

from ledger.application import Ledger, open_ledger
from ledger.config import Settings
from outbox.retry import RetryPolicy
from outbox.service import Outbox
from outbox.transport import Transport
from projections import ReadModels
from support.clock import Clock
from support.emails import PASSWORD, USER
from support.smtp_server import SmtpServer, running_smtp_server


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A plain SMTP server without TLS or login, like a local relay."""
    with running_smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    """The server's side: a certificate for 127.0.0.1 signed by the throwaway CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="session")
def client_tls(ca: trustme.CA) -> ssl.SSLContext:
    """The sender's side: verifies certificates and host names, trusting only the throwaway CA."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


@pytest.fixture
def secure_smtp_server(server_tls: ssl.SSLContext) -> Iterator[SmtpServer]:
    """A submission server: STARTTLS required, then login with USER and PASSWORD required."""
    with running_smtp_server(tls_context=server_tls, credentials=(USER, PASSWORD)) as server:
        yield server


# The outbox over a store: a ledger with a clock the scenario moves, and invoices ready to e-mail.


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(settings: Settings, clock: Clock) -> Iterator[Ledger]:
    """The ledger of the `settings` store, its "now" the scenario's clock."""
    app = open_ledger(settings, clock=clock)
    yield app
    app.close()


@pytest.fixture
def read_models(settings: Settings, ledger: Ledger) -> Iterator[ReadModels]:
    models = ReadModels.open(settings, ledger)
    yield models
    models.close()


@pytest.fixture
def open_outbox(settings: Settings, ledger: Ledger, read_models: ReadModels) -> Callable[..., Outbox]:
    """An outbox over the store delivering through `transport` (each call: a worker as if restarted)."""

    def open_(transport: Transport, max_attempts: int = 5) -> Outbox:
        return Outbox.open(settings, ledger, read_models, transport, RetryPolicy(max_attempts=max_attempts))

    return open_
