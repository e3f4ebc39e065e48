"""API fixtures: the app on each backend (the `settings` fixture), and a fresh workspace."""

from collections.abc import Iterator

import pytest
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
    with TestClient(app) as client:
        yield client


@pytest.fixture
def ws(http: TestClient) -> Workspace:
    """A fresh workspace, signed up over HTTP."""
    return sign_up(http)
