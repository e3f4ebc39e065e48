"""Answers commit with their save: a keyed request is recorded once, with its answer, or not at all."""

import time
from dataclasses import dataclass, field
from uuid import uuid4

import pytest
from pydantic import BaseModel

from ledger.application import Ledger
from ledger.client import Client, ClientChanges
from ledger.commands import CreateClient, CreateInvoice
from ledger.errors import DuplicateNumber
from ledger.persistence.answers import AnswerTaken, RecordAnswer, RequestKey
from ledger.persistence.sql import SideWriter
from ledger.usecases.answering import UnansweredSave, answering
from support.world import given_world

DAY = 24 * 3600.0


@dataclass
class KeptAnswers:
    """An answer hook that stores the view's JSON under one key (what the API does with bytes)."""

    request: RequestKey
    committed_answers: list[bytes] = field(default_factory=list)
    written: dict[int, bytes] = field(default_factory=dict)

    def writer(self, answer: object) -> SideWriter:
        assert isinstance(answer, BaseModel)
        data = answer.model_dump_json().encode()
        writer = RecordAnswer(self.request, uuid4().hex, data)
        self.written[id(writer)] = data
        return writer

    def committed(self, writer: SideWriter) -> None:
        self.committed_answers.append(self.written[id(writer)])


def key(name: str = "k1", ttl: float = DAY) -> RequestKey:
    return RequestKey(principal="p", key=name, fingerprint="POST /clients\nabc", ttl_seconds=ttl)


def head(ledger: Ledger) -> int:
    return ledger.recorder.max_notification_id() or 0  # type: ignore[attr-defined]


def test_a_keyed_write_commits_its_answer_with_its_events(ledger: Ledger) -> None:
    world = given_world(ledger)
    hook = KeptAnswers(key())

    with answering(hook):
        view = ledger.create_client(world.owner, CreateClient(name="Globex"))

    stored = ledger.index.answer(key())
    assert stored is not None
    assert stored.answer == view.model_dump_json().encode() == hook.committed_answers[0]
    assert stored.fingerprint == "POST /clients\nabc"


def test_a_second_commit_under_the_same_key_is_refused_and_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    with answering(KeptAnswers(key())):
        first = ledger.create_client(world.owner, CreateClient(name="Globex"))
    before = head(ledger)

    with pytest.raises(AnswerTaken) as taken, answering(KeptAnswers(key())):
        ledger.create_client(world.owner, CreateClient(name="Globex"))

    assert taken.value.stored.answer == first.model_dump_json().encode()
    assert head(ledger) == before


def test_a_refused_write_stores_no_answer(ledger: Ledger) -> None:
    world = given_world(ledger)
    client_id = world.client()
    world.invoice(client_id, number="INV-1")

    with pytest.raises(DuplicateNumber), answering(KeptAnswers(key())):
        ledger.create_invoice(world.owner, CreateInvoice(client_id=client_id, number="INV-1"))

    assert ledger.index.answer(key()) is None


def test_an_invoice_numbered_past_a_number_taken_by_hand_stores_the_answer_of_its_save(
    ledger: Ledger,
) -> None:
    world = given_world(ledger)
    client_id = world.client()
    ledger.create_invoice(world.owner, CreateInvoice(client_id=client_id, number="1"))
    hook = KeptAnswers(key())

    with answering(hook):
        view = ledger.create_invoice(world.owner, CreateInvoice(client_id=client_id))

    stored = ledger.index.answer(key())
    assert stored is not None and stored.answer == view.model_dump_json().encode()
    assert hook.committed_answers == [stored.answer]


def test_a_save_under_a_hook_without_an_answer_is_refused_before_anything_is_recorded(ledger: Ledger) -> None:
    world = given_world(ledger)
    client: Client = ledger.repository.get(world.client())
    client.edit(world.owner.member_id, ClientChanges(name="Renamed"))
    before = head(ledger)

    with pytest.raises(UnansweredSave), answering(KeptAnswers(key())):
        ledger.save(client)

    assert head(ledger) == before


def test_an_expired_answer_is_gone_and_its_key_runs_again(ledger: Ledger) -> None:
    world = given_world(ledger)
    short = key(ttl=0.05)
    with answering(KeptAnswers(short)):
        ledger.create_client(world.owner, CreateClient(name="Globex"))
    time.sleep(0.1)

    assert ledger.index.answer(short) is None
    with answering(KeptAnswers(short)):
        ledger.create_client(world.owner, CreateClient(name="Globex"))
    assert ledger.index.answer(short) is not None


def test_pruning_forgets_answers_past_their_time_to_live_only(ledger: Ledger) -> None:
    world = given_world(ledger)
    with answering(KeptAnswers(key("old"))):
        ledger.create_client(world.owner, CreateClient(name="Globex"))
    time.sleep(0.1)
    with answering(KeptAnswers(key("new"))):
        ledger.create_client(world.owner, CreateClient(name="Hooli"))

    ledger.index.prune_answers(0.05)

    assert ledger.index.answer(key("old", ttl=DAY)) is None
    assert ledger.index.answer(key("new", ttl=DAY)) is not None
