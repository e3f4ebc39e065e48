"""The outbox's settings: `LEDGER_SMTP_URL` kept secret, `LEDGER_EMAIL_MAX_ATTEMPTS`, `LEDGER_OUTBOX_DIR`."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from ledger.config import Settings


def test_the_outbox_defaults_to_eml_files_and_five_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LEDGER_SMTP_URL", "LEDGER_EMAIL_MAX_ATTEMPTS", "LEDGER_OUTBOX_DIR"):
        monkeypatch.delenv(name, raising=False)

    settings = Settings()

    assert (settings.smtp_url, settings.email_max_attempts, settings.outbox_dir) == (None, 5, Path("outbox"))


def test_the_environment_configures_the_outbox_and_the_smtp_url_stays_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEDGER_SMTP_URL", "smtp://billing:hunter2@mail.example:587?starttls=true")
    monkeypatch.setenv("LEDGER_EMAIL_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("LEDGER_OUTBOX_DIR", "/var/spool/ledger")

    settings = Settings()

    assert settings.smtp_url is not None
    assert settings.smtp_url.get_secret_value() == "smtp://billing:hunter2@mail.example:587?starttls=true"
    assert (settings.email_max_attempts, settings.outbox_dir) == (3, Path("/var/spool/ledger"))
    for text in (repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())):
        assert "hunter2" not in text


def test_fewer_than_one_attempt_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_EMAIL_MAX_ATTEMPTS", "0")

    with pytest.raises(ValidationError, match="email_max_attempts"):
        Settings()
