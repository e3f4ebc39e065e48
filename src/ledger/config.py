"""Configuration: one pydantic-settings class (prefix `LEDGER_`), read when asked, never at import."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from ledger.persistence import PostgresLedgerRecorder, SQLiteLedgerRecorder


class Settings(BaseSettings):
    """Everything the ledger, its projections and its API are configured by."""

    model_config = SettingsConfigDict(env_prefix="LEDGER_")

    database_url: str = "sqlite:///./ledger.db"
    database_schema: str = "public"
    database_pool_size: int = 10
    signup_token: str | None = None
    read_timeout_seconds: float = 5.0
    run_projections: bool = True
    max_body_bytes: int = 1024 * 1024
    # E-mail outbox (SPEC §14): SMTP when set (a secret: it holds the password), else .eml files.
    smtp_url: SecretStr | None = None
    email_max_attempts: int = Field(default=5, ge=1)
    outbox_dir: Path = Path("./outbox")
    # Rendered invoice PDFs kept in memory per process (SPEC §13): served again without rendering.
    pdf_cache_megabytes: int = Field(default=64, ge=0)
    # Deliver e-mails in-process under `ledger serve` (`--no-outbox`: run `ledger outbox run` instead).
    run_outbox: bool = True
    # PostgreSQL: wake projections and readers by LISTEN/NOTIFY (the short poll stays as fallback).
    listen: bool = True
    # Idempotency-Key answers are kept this long, then pruned.
    idempotency_ttl_hours: float = Field(default=24.0, gt=0)
    # Requests per API key (and per client address for sign-ups), as `limits` notation; "" = none.
    rate_limit: str = "1000/minute"
    signup_rate_limit: str = "30/minute"
    # Where rate-limit counters live: "memory" (one process) or "database" (shared by processes).
    rate_limit_storage: str = "memory"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))


def _topic(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def eventsourcing_env(settings: Settings) -> dict[str, str]:
    """The `eventsourcing` library's environment for the configured database."""
    if settings.is_postgres:
        url = urlsplit(settings.database_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": _topic(PostgresLedgerRecorder),
            "POSTGRES_DBNAME": url.path.lstrip("/"),
            "POSTGRES_HOST": url.hostname or "localhost",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or ""),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_SCHEMA": settings.database_schema,
            "POSTGRES_POOL_SIZE": str(settings.database_pool_size),
            # Never wait forever behind a stuck table lock (the library's default is 0 = forever).
            "POSTGRES_LOCK_TIMEOUT": "10",
            # Check each pooled connection as it is handed out: after a server restart, broken
            # ones are replaced instead of failing a request each (psycopg-pool's `check`).
            "POSTGRES_PRE_PING": "y",
            # How long a request waits for a connection before the database counts as away (503).
            "POSTGRES_CONNECT_TIMEOUT": "2",
        }
    if not settings.database_url.startswith("sqlite:///"):
        raise ValueError(f"unsupported LEDGER_DATABASE_URL {settings.database_url!r}")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "APPLICATION_RECORDER_TOPIC": _topic(SQLiteLedgerRecorder),
        "SQLITE_DBNAME": settings.database_url.removeprefix("sqlite:///"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
