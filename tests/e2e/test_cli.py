"""The `ledger` command as operators run it: help, usage errors, the demo."""

import re
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ledger.access import Role
from ledger.application import open_ledger
from ledger.commands import CreateWorkspace, Owner
from ledger.config import Settings

pytestmark = pytest.mark.slow

RunLedger = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["serve"],
        ["demo"],
        ["history"],
        ["projections"],
        ["projections", "run"],
        ["projections", "status"],
        ["projections", "rebuild"],
    ],
)
def test_every_command_explains_itself_with_examples(ledger_exe: Path, args: list[str]) -> None:
    result = subprocess.run([str(ledger_exe), *args, "--help"], capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: ledger {' '.join(args)}".rstrip())
    examples = result.stdout.split("examples:\n", 1)[1]
    assert f"  ledger {' '.join(args)}".rstrip() in examples


def test_an_unknown_command_is_a_usage_error(ledger_exe: Path) -> None:
    result = subprocess.run([str(ledger_exe), "frobnicate"], capture_output=True, text=True, timeout=60)

    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def printed_demo(stdout: str) -> tuple[str, str]:
    """The workspace id and API key `ledger demo` printed."""
    workspace = re.search(r"workspace id: (\S+)", stdout)
    key = re.search(r"owner's API key: (\S+)", stdout)
    assert workspace and key, stdout
    return workspace.group(1), key.group(1)


def test_the_demo_prints_an_api_key_that_opens_its_workspace(
    settings: Settings, run_ledger: RunLedger
) -> None:
    result = run_ledger("demo")

    assert result.returncode == 0, result.stderr
    # Not a terminal: no progress bar, one line when done.
    assert re.fullmatch(r"recording time entries and expenses: \d+ done\n", result.stderr)
    workspace_id, api_key = printed_demo(result.stdout)
    ledger = open_ledger(settings)
    try:
        actor = ledger.authenticate(api_key)
    finally:
        ledger.close()
    assert actor is not None
    assert (str(actor.workspace_id), actor.role) == (workspace_id, Role.OWNER)


def test_the_demo_if_empty_reprints_the_demo_it_loaded_before_and_records_nothing(
    settings: Settings, run_ledger: RunLedger
) -> None:
    first = printed_demo(run_ledger("demo").stdout)
    ledger = open_ledger(settings)
    try:
        head = ledger.recorder.max_notification_id()

        again = run_ledger("demo", "--if-empty")

        assert again.returncode == 0, again.stderr
        assert printed_demo(again.stdout) == first
        assert ledger.recorder.max_notification_id() == head
    finally:
        ledger.close()


def test_the_demo_if_empty_leaves_a_ledger_with_data_alone(settings: Settings, run_ledger: RunLedger) -> None:
    ledger = open_ledger(settings)
    try:
        owner = Owner(name="Olga Owner", email="olga@example.com")
        ledger.create_workspace(
            CreateWorkspace(
                name="Initech", currency="EUR", timezone="UTC", hourly_rate=Decimal("100.00"), owner=owner
            )
        )
        head = ledger.recorder.max_notification_id()

        result = run_ledger("demo", "--if-empty")

        assert result.returncode == 0, result.stderr
        assert "API key" not in result.stdout
        assert ledger.recorder.max_notification_id() == head
    finally:
        ledger.close()
