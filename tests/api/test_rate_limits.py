"""Rate limits per API key: 429 `rate-limited` with Retry-After past the limit, counted per key."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from http_world import Workspace, created, problem_type, sign_up

from api.app import create_app
from ledger.config import Settings


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"rate_limit": "5/minute"}))) as http:
        yield http


def test_a_key_past_its_limit_is_refused_with_429_and_retry_after(limited: TestClient) -> None:
    ws = sign_up(limited)
    answers = [ws.get("/clients") for _ in range(6)]

    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert problem_type(answers[-1]) == "/problems/rate-limited"
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60


def test_each_key_has_its_own_count(limited: TestClient) -> None:
    ws = sign_up(limited)
    admin = ws.member("Ada", role="admin")["api_key"]
    for _ in range(4):
        ws.get("/clients")

    answers = [ws.get("/clients", key=admin) for _ in range(5)]

    assert {a.status_code for a in answers} == {200}


def test_health_probes_are_never_limited(limited: TestClient) -> None:
    assert {limited.get("/healthz").status_code for _ in range(8)} == {200}


def test_sign_ups_are_limited_per_address(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"signup_rate_limit": "2/minute"}))
    with TestClient(app) as http:
        sign_up(http)
        sign_up(http)
        third = http.post("/v1/workspaces", json={"name": "x"})

    assert (third.status_code, problem_type(third)) == (429, "/problems/rate-limited")


@pytest.mark.postgres
def test_processes_sharing_the_database_share_the_count(settings: Settings) -> None:
    if not settings.is_postgres:
        pytest.skip("counters in the database are a PostgreSQL feature")
    shared = settings.model_copy(update={"rate_limit": "4/minute", "rate_limit_storage": "database"})
    with TestClient(create_app(shared)) as one, TestClient(create_app(shared)) as other:
        ws = sign_up(one)
        created(ws.get("/clients"), 200)
        created(ws.get("/clients"), 200)
        ws.http = other
        answers = [ws.get("/clients").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_no_limit_when_none_is_set(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"rate_limit": ""}))) as http:
        ws: Workspace = sign_up(http)
        assert {ws.get("/clients").status_code for _ in range(30)} == {200}
