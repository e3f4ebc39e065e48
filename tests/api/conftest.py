"""API fixtures: the app on each backend (the `settings` fixture), and a fresh workspace."""

from collections.abc import Iterator

import pytest
from declared import DeclaredProblems
from fastapi import FastAPI
from fastapi.testclient import TestClient
from http_world import Workspace, sign_up

from api.app import create_app
from ledger.config import Settings


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def http(app: FastAPI) -> Iterator[TestClient]:
    """A client of the app; every problem it is answered must be declared by its operation."""
    declared = DeclaredProblems(app.openapi())
    with TestClient(app) as client:
        client.event_hooks["response"].append(declared.check)
        yield client
    assert declared.undeclared == [], "problems answered that the OpenAPI schema does not declare"


@pytest.fixture
def ws(http: TestClient) -> Workspace:
    """A fresh workspace, signed up over HTTP."""
    return sign_up(http)
