"""docs/api.md is the OpenAPI schema written for people: regenerated whenever the API changes."""

import importlib.util
from pathlib import Path

from api.app import create_app
from ledger.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_api_reference_in_docs_is_the_schema_of_the_code() -> None:
    spec = importlib.util.spec_from_file_location("api_docs", ROOT / "ops" / "api_docs.py")
    assert spec is not None and spec.loader is not None
    api_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(api_docs)

    page = api_docs.current()

    assert (ROOT / "docs" / "api.md").read_text() == page, "stale: run .venv/bin/python ops/api_docs.py"
    paths = create_app(Settings(database_url="sqlite:///unused.db")).openapi()["paths"]
    assert page.count("\n### ") == sum(len(operations) for operations in paths.values())
