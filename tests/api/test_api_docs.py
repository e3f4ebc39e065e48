"""docs/api.md is the OpenAPI schema written for people: regenerated whenever the API changes."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_api_reference_in_docs_is_the_schema_of_the_code() -> None:
    spec = importlib.util.spec_from_file_location("api_docs", ROOT / "ops" / "api_docs.py")
    assert spec is not None and spec.loader is not None
    api_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(api_docs)

    page = api_docs.current()

    assert (ROOT / "docs" / "api.md").read_text() == page, "stale: run .venv/bin/python ops/api_docs.py"
    assert page.count("\n### ") == 67
