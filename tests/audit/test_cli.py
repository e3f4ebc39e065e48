"""`ledger audit head|verify|init` on the store the environment names (SPEC §11, §17)."""

import json
from pathlib import Path

import pytest

from api.cli import main
from ledger.application import Ledger
from ledger.config import Settings
from support.histories import PaidInvoice, given_a_paid_invoice
from support.tampering import RawStore


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The command's environment points at the scenario's store."""
    monkeypatch.setenv("LEDGER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("LEDGER_DATABASE_SCHEMA", settings.database_schema)
    return settings


@pytest.fixture
def history(ledger: Ledger, env: Settings) -> PaidInvoice:
    return given_a_paid_invoice(ledger)


def test_head_prints_each_workspaces_anchor_as_a_json_line(
    ledger: Ledger, history: PaidInvoice, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit", "head"])

    [line] = capsys.readouterr().out.splitlines()
    head = ledger.audit_head(history.world.owner)
    assert code == 0
    assert json.loads(line) == {
        "workspace_id": str(history.workspace_id),
        "seq": head.seq,
        "hash": head.hash,
        "recorded_at": head.recorded_at.isoformat().replace("+00:00", "Z") if head.recorded_at else None,
    }


def test_verify_with_the_anchors_head_printed_exits_0(
    ledger: Ledger, history: PaidInvoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = ledger.audit_head(history.world.owner).seq
    main(["audit", "head"])
    anchors = tmp_path / "anchors.jsonl"
    anchors.write_text(capsys.readouterr().out)

    code = main(["audit", "verify", "--anchors", str(anchors)])

    out, err = capsys.readouterr()
    assert code == 0
    assert f"workspace {history.workspace_id}: {seq} events, head {seq}: ok" in out
    assert "history intact" in out
    assert err == ""  # no progress bar when stderr is not a terminal


def test_verify_exits_1_naming_the_first_broken_event(
    history: PaidInvoice, raw: RawStore, capsys: pytest.CaptureFixture[str]
) -> None:
    [seq] = [s for s, a, v, _ in raw.links(history.workspace_id) if (a, v) == (history.invoice_id, 3)]
    raw.delete(history.invoice_id, 3)

    code = main(["audit", "verify", "--workspace", str(history.workspace_id)])

    out = capsys.readouterr().out
    assert code == 1
    assert f"first: missing at seq {seq}, aggregate {history.invoice_id} version 3" in out
    assert "history NOT intact" in out


def test_verify_exits_1_on_an_anchor_the_chain_no_longer_has(
    history: PaidInvoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = tmp_path / "anchors.json"
    anchors.write_text(json.dumps([{"workspace_id": str(history.workspace_id), "seq": 3, "hash": "ab" * 32}]))

    code = main(["audit", "verify", "--anchors", str(anchors)])

    assert code == 1
    assert "first: anchor-mismatch at seq 3" in capsys.readouterr().out


def test_verify_json_prints_the_report_of_each_workspace(
    ledger: Ledger, history: PaidInvoice, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = ledger.audit_head(history.world.owner).seq
    code = main(["audit", "verify", "--json"])

    report = json.loads(capsys.readouterr().out.splitlines()[0])
    assert code == 0
    assert (report["workspace_id"], report["ok"], report["events"]) == (str(history.workspace_id), True, seq)


@pytest.mark.parametrize("content", ["not json", '{"seq": 1}', '[{"seq": 1, "hash": "xyz"}]'])
def test_an_unreadable_anchors_file_is_a_usage_error(
    history: PaidInvoice, tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    anchors.write_text(content)

    assert main(["audit", "verify", "--anchors", str(anchors)]) == 2
    assert "cannot read anchors" in capsys.readouterr().err


def test_init_on_a_store_chained_from_the_start_has_nothing_to_do(
    history: PaidInvoice, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "init"]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_a_missing_store_is_an_error_naming_where_it_looked_and_is_never_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "ledger.db"
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{missing}")

    for command in (["audit", "head"], ["audit", "verify"], ["audit", "init"]):
        assert main(command) == 1
        assert str(missing) in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.postgres
def test_a_missing_postgres_schema_is_an_error_and_is_never_created(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", postgres_url)
    monkeypatch.setenv("LEDGER_DATABASE_SCHEMA", "no_such_schema")

    assert main(["audit", "verify"]) == 1
    assert "no ledger in schema 'no_such_schema'" in capsys.readouterr().err
