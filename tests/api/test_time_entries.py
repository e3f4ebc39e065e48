"""Time entries over HTTP (SPEC §3, §7, §8)."""

from http_world import OCTOBER, Workspace, created, problem_type


def test_logging_time_captures_the_rate_and_the_raw_duration(ws: Workspace) -> None:
    project_id = ws.project(ws.client(), rate="120.00")
    body = {
        "project_id": project_id,
        "start": "2026-10-05T09:00:00+02:00",
        "end": "2026-10-05T10:30:07+02:00",
        "description": "Design review",
    }

    entry = created(ws.post("/time-entries", body))

    assert {k: entry[k] for k in ("member_id", "day", "duration_seconds", "hourly_rate", "amount")} == {
        "member_id": ws.owner_id,
        "day": "2026-10-05",
        "duration_seconds": 5407,
        "hourly_rate": "120.00",
        "amount": "180.23",
    }
    assert (entry["invoiced"], entry["invoice_id"], entry["manually_invoiced"], entry["version"]) == (
        False,
        None,
        False,
        1,
    )


def test_time_without_an_offset_is_a_validation_error(ws: Workspace) -> None:
    project_id = ws.project(ws.client())

    response = ws.post(
        "/time-entries",
        {"project_id": project_id, "start": "2026-10-05T09:00:00", "end": "2026-10-05T10:00:00+00:00"},
    )

    assert (response.status_code, problem_type(response)) == (422, "/problems/validation-error")
    assert list(response.json()["errors"]) == ["body.start"]


def test_an_end_before_the_start_is_refused(ws: Workspace) -> None:
    project_id = ws.project(ws.client())

    response = ws.post(
        "/time-entries",
        {"project_id": project_id, "start": "2026-10-05T10:00:00+00:00", "end": "2026-10-05T09:00:00+00:00"},
    )

    assert response.json()["errors"] == {"body.end": "must be after start"}


def test_editing_an_entry_answers_it_with_its_new_version(ws: Workspace) -> None:
    entry_id = ws.log(ws.project(ws.client()))

    response = ws.patch(
        f"/time-entries/{entry_id}", {"description": "Workshop", "end": "2026-10-05T11:00:00+00:00"}
    )

    entry = created(response, 200)
    assert (entry["description"], entry["duration_seconds"], entry["version"]) == ("Workshop", 7200, 2)
    assert response.headers["ETag"] == '"2"'


def test_deleting_an_entry_answers_204_and_then_404(ws: Workspace) -> None:
    entry_id = ws.log(ws.project(ws.client()))

    deleted = ws.delete(f"/time-entries/{entry_id}")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert ws.get(f"/time-entries/{entry_id}").status_code == 404


def test_an_approved_entry_is_locked_until_the_approval_is_withdrawn(ws: Workspace) -> None:
    entry_id = ws.log(ws.project(ws.client()))

    approved = created(ws.post(f"/time-entries/{entry_id}/approve"), 200)
    locked = ws.patch(f"/time-entries/{entry_id}", {"description": "late change"})
    withdrawn = created(ws.post(f"/time-entries/{entry_id}/withdraw-approval"), 200)

    assert approved["approved"] is True
    assert (locked.status_code, problem_type(locked)) == (409, "/problems/entry-locked")
    assert withdrawn["approved"] is False
    assert ws.patch(f"/time-entries/{entry_id}", {"description": "late change"}).status_code == 200


def test_an_invoiced_entry_cannot_be_deleted(ws: Workspace) -> None:
    _, _, entry_id = ws.billed()

    response = ws.delete(f"/time-entries/{entry_id}")

    assert (response.status_code, problem_type(response)) == (409, "/problems/entry-locked")


def test_an_invoiced_entry_shows_its_invoice_and_line(ws: Workspace) -> None:
    _, invoice_id, entry_id = ws.billed()

    entry = created(ws.get(f"/time-entries/{entry_id}"), 200)

    line = created(ws.get(f"/invoices/{invoice_id}"), 200)["items"][0]
    assert (entry["invoiced"], entry["invoice_id"], entry["line_item_id"]) == (True, invoice_id, line["id"])


def test_bulk_marking_answers_every_marked_entry(ws: Workspace) -> None:
    project_id = ws.project(ws.client())
    ids = [ws.log(project_id, day) for day in ("2026-10-05", "2026-10-06")]

    body = created(ws.post("/time-entries/invoiced", {"ids": ids, "invoiced": True}), 200)

    assert [(e["id"], e["invoiced"], e["manually_invoiced"], e["invoice_id"]) for e in body["items"]] == [
        (ids[0], True, True, None),
        (ids[1], True, True, None),
    ]


def test_bulk_unmarking_fails_whole_when_one_entry_sits_on_an_invoice(ws: Workspace) -> None:
    _, _, on_invoice = ws.billed()
    by_hand = ws.log(ws.project(ws.client("Hooli")), "2026-10-07")
    created(ws.post("/time-entries/invoiced", {"ids": [by_hand], "invoiced": True}), 200)

    response = ws.post("/time-entries/invoiced", {"ids": [by_hand, on_invoice], "invoiced": False})

    assert (response.status_code, problem_type(response)) == (409, "/problems/entry-on-invoice")
    assert response.json()["ids"] == [on_invoice]
    assert created(ws.get(f"/time-entries/{by_hand}"), 200)["invoiced"] is True


def test_bulk_marking_an_unknown_id_lists_it_as_not_found(ws: Workspace) -> None:
    known = ws.log(ws.project(ws.client()))
    unknown = "00000000-0000-4000-8000-000000000000"

    response = ws.post("/time-entries/invoiced", {"ids": [known, unknown], "invoiced": True})

    assert (response.status_code, problem_type(response)) == (404, "/problems/not-found")
    assert [f["id"] for f in response.json()["failures"]] == [unknown]
    assert created(ws.get(f"/time-entries/{known}"), 200)["invoiced"] is False


def test_the_history_of_an_entry_tells_its_whole_life(ws: Workspace) -> None:
    _, invoice_id, entry_id = ws.billed()
    ws.delete(f"/invoices/{invoice_id}")

    history = created(ws.get(f"/time-entries/{entry_id}/history"), 200)["items"]

    assert [e["type"] for e in history] == ["TimeEntryLogged", "Invoiced", "Released"]
    assert history[-1]["data"]["reason"] == "invoice-deleted"
    assert [e["version"] for e in history] == [1, 2, 3]


def test_time_entries_are_listed_with_report_filters(ws: Workspace) -> None:
    project_id = ws.project(ws.client())
    ws.log(project_id, "2026-10-05")
    later = ws.log(project_id, "2026-10-20")

    page = created(ws.get("/time-entries", params={"date_from": "2026-10-10", **{"page_size": 10}}), 200)

    assert ([row["id"] for row in page["items"]], page["total"]) == ([later], 1)


def test_an_import_then_lists_the_entry_as_invoiced(ws: Workspace) -> None:
    client_id = ws.client()
    entry_id = ws.log(ws.project(client_id))
    invoice_id = ws.invoice(client_id)
    created(ws.post(f"/invoices/{invoice_id}/imports", OCTOBER))

    rows = created(ws.get("/time-entries"), 200)["items"]

    assert [(r["id"], r["invoiced"], r["invoice_id"]) for r in rows] == [(entry_id, True, invoice_id)]
