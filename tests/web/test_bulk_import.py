"""Bulk set-up through the API: CSV import with every row's error and nothing stored, dry runs,
exports that import again unchanged, corrections and deletions, statements entered after the fact."""
import csv
import io

import pytest
from sqlalchemy import func, select

from confmgr.accounts.services import create_user
from confmgr.core.actor import SYSTEM
from confmgr.core.audit import AuditEntry
from confmgr.extensions import db
from confmgr.registry.models import AgendaItem, Meeting, Participant

REGIONS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean", "western_european_other")


@pytest.fixture
def api(any_db_app):
    tokens = {role: create_user(db.session, SYSTEM, f"{role}@example.org", role).token
              for role in ("secretariat", "president")}
    db.session.commit()
    client = any_db_app.test_client()

    def call(method, url, body=None, *, role="secretariat", csv_text=None):
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        if csv_text is not None:
            data = {"file": (io.BytesIO(csv_text.encode("utf-8")), "table.csv")}
            return getattr(client, method)(url, data=data, headers=headers, content_type="multipart/form-data")
        return getattr(client, method)(url, json=body, headers=headers)

    assert call("put", "/api/v1/conference", {"symbol_prefix": "MSP/2026", "languages": ["en"],
                                              "title_en": "Meeting of States Parties"}).status_code == 200
    assert call("post", "/api/v1/groups", {"name_en": "Core Group", "key": "core"}).status_code == 201
    return call


def csv_of(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def states(n=60):
    return [[f"State {i:02d}", "member_state", REGIONS[i % 5], "core" if i % 2 else ""] for i in range(1, n + 1)]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def audited():
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


HEADER = ["name_en", "kind", "regional_group", "groups"]


def test_every_bad_row_is_listed_and_nothing_is_stored(api):
    rows = states()
    rows[11][2] = "europe"                     # row 12: an unknown regional group
    rows[56][0] = "State 03"                   # row 57: the name of row 3 again
    rows[29][3] = "core; Arab Group"           # row 30: an unknown group
    before = audited()
    refused = api("post", "/api/v1/import/participants", csv_text=csv_of(HEADER, rows))
    assert refused.status_code == 422
    body = refused.get_json()
    found = {(r["row"], r["field"]) for r in body["rows"]}
    assert found == {(12, "regional_group"), (57, "name_en"), (30, "groups")}
    by_row = {r["row"]: r for r in body["rows"]}
    assert "europe" in by_row[12]["error"] and "row 3" in by_row[57]["error"]
    assert by_row[57]["line"] == 58  # the header is line 1
    assert count(Participant) == 0 and audited() == before


def test_a_wrong_header_is_refused_naming_the_column(api):
    refused = api("post", "/api/v1/import/participants", csv_text=csv_of(["name_en", "knd"], [["Chile", "member_state"]]))
    assert refused.status_code == 422
    fields = {r["field"] for r in refused.get_json()["rows"]}
    assert fields == {"knd", "kind"}  # an unknown column, and the required one missing
    assert all(r["row"] == 0 for r in refused.get_json()["rows"])
    # A French column where the conference works in English only is unknown to nobody, but name_en is required.
    refused = api("post", "/api/v1/import/participants", csv_text=csv_of(["name_fr", "kind"], [["Chili", "member_state"]]))
    assert refused.status_code == 422 and refused.get_json()["rows"][0]["field"] == "name_en"
    assert count(Participant) == 0


def test_a_dry_run_stores_nothing_then_the_import_stores_everything(api):
    text = csv_of(HEADER, states())
    dry = api("post", "/api/v1/import/participants?dry_run=1", csv_text=text)
    assert dry.status_code == 200 and dry.get_json()["created"] == 60 and dry.get_json()["dry_run"] is True
    assert count(Participant) == 0
    done = api("post", "/api/v1/import/participants", csv_text=text)
    assert done.status_code == 201, done.get_json()
    assert count(Participant) == 60
    core = next(g for g in api("get", "/api/v1/groups").get_json() if g["key"] == "core")
    assert len(core["members"]) == 30
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "participants.create")) == 60


def test_exports_import_again_unchanged(api):
    api("post", "/api/v1/import/participants", csv_text=csv_of(HEADER, states(5)))
    api("post", "/api/v1/import/agenda", csv_text=csv_of(["number", "letter", "title_en"], [
        ["1", "", "Opening"], ["2", "", "Organization of work"], ["2", "a", "Rules of procedure"],
        ["3", "", "General exchange of views"]]))
    api("post", "/api/v1/import/meetings", csv_text=csv_of(["number", "date", "period", "agenda_items"], [
        ["1", "2026-06-21", "morning", "1; 2; 2 a"], ["2", "2026-06-21", "afternoon", "3"]]))
    api("post", "/api/v1/import/credentials", csv_text=csv_of(
        ["participant", "category", "form", "received_on", "representatives"],
        [["State 01", "formal", "minister_for_foreign_affairs", "2026-06-20", "head_of_delegation: A. Diallo"],
         ["State 02", "provisional", "note_verbale", "2026-06-21", ""]]))
    exports = {t: api("get", f"/api/v1/export/{t}.csv").get_data(as_text=True)
               for t in ("participants", "agenda", "meetings", "credentials")}
    assert exports["agenda"].splitlines()[0] == "number,letter,title_en"
    assert "2,a,Rules of procedure" in exports["agenda"]
    assert '1,2026-06-21,morning,plenary,1; 2; 2 a' in exports["meetings"]
    assert "head_of_delegation: A. Diallo" in exports["credentials"]
    for table, text in exports.items():
        again = api("post", f"/api/v1/import/{table}", csv_text=text)
        assert again.status_code == 201, (table, again.get_json())
        assert again.get_json()["created"] == 0
        assert api("get", f"/api/v1/export/{table}.csv").get_data(as_text=True) == text
    assert count(Participant) == 5 and count(Meeting) == 2 and count(AgendaItem) == 4


def test_corrections_through_an_import_and_refusals_by_row(api):
    api("post", "/api/v1/import/agenda", csv_text=csv_of(["number", "title_en"], [["1", "Opening"]]))
    refused = api("post", "/api/v1/import/meetings", csv_text=csv_of(["number", "date", "agenda_items"], [
        ["1", "2026-06-21", "1"], ["2", "21/06/2026", "1"], ["3", "2026-06-22", "9"], ["1", "2026-06-23", ""]]))
    assert refused.status_code == 422
    assert {(r["row"], r["field"]) for r in refused.get_json()["rows"]} == {
        (2, "date"), (3, "agenda_items"), (4, "number")}
    assert count(Meeting) == 0
    api("post", "/api/v1/import/meetings", csv_text=csv_of(["number", "date"], [["1", "2026-06-21"]]))
    fixed = api("post", "/api/v1/import/meetings", csv_text=csv_of(["number", "date", "kind"], [["1", "2026-06-22", "informal"]]))
    assert fixed.get_json()["updated"] == 1
    assert api("get", "/api/v1/meetings/1").get_json()["date"] == "2026-06-22"


def test_only_the_secretariat_imports(api):
    refused = api("post", "/api/v1/import/participants", role="president", csv_text=csv_of(HEADER, states(2)))
    assert refused.status_code == 403 and count(Participant) == 0
    assert api("post", "/api/v1/import/speakers", csv_text="a\n1\n").status_code == 404
    assert api("post", "/api/v1/import/participants", {"file": "x"}).status_code == 422


def test_agenda_items_and_meetings_are_corrected_and_deleted_while_nothing_refers_to_them(api):
    api("post", "/api/v1/import/participants", csv_text=csv_of(HEADER, states(2)))
    api("post", "/api/v1/agenda", {"number": "1", "title_en": "Opening"})
    api("post", "/api/v1/agenda", {"number": "2", "title_en": "Genral debate"})
    api("post", "/api/v1/meetings", {"number": 1, "date": "2026-06-21", "agenda_items": ["1", "2"]})
    api("post", "/api/v1/meetings", {"number": 2, "date": "2026-06-22"})
    fixed = api("patch", "/api/v1/agenda/2", {"title_en": "General debate"})
    assert fixed.status_code == 200 and fixed.get_json()["title_en"] == "General debate"
    busy = api("delete", "/api/v1/agenda/2")
    assert busy.status_code == 409 and "meeting" in busy.get_json()["error"]
    assert api("patch", "/api/v1/meetings/1", {"agenda_items": ["1"]}).status_code == 200
    assert api("delete", "/api/v1/agenda/2").status_code == 204
    assert [i["label"] for i in api("get", "/api/v1/agenda").get_json()] == ["1"]
    heard = api("post", "/api/v1/meetings/1/statements", {"participant": "State 01", "on_behalf_of": "Core Group",
                                                          "agenda_item": "1", "duration_seconds": 420})
    assert heard.status_code == 201, heard.get_json()
    busy = api("delete", "/api/v1/meetings/1")
    assert busy.status_code == 409 and "statement" in busy.get_json()["error"]
    assert api("patch", "/api/v1/meetings/1", {"number": 5}).status_code == 409
    assert api("patch", "/api/v1/meetings/1", {"period": "afternoon"}).get_json()["period"] == "afternoon"
    assert api("patch", "/api/v1/meetings/2", {"number": 3}).get_json()["number"] == 3
    assert api("delete", "/api/v1/meetings/3").status_code == 204
    assert [m["number"] for m in api("get", "/api/v1/meetings").get_json()] == [1]
    assert api("delete", "/api/v1/meetings/3", role="president").status_code == 403
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"agenda.update", "agenda.delete", "meetings.update", "meetings.delete"} <= actions


def test_a_statement_heard_is_entered_after_the_fact(api):
    api("post", "/api/v1/import/participants", csv_text=csv_of(HEADER, states(2)))
    api("post", "/api/v1/participants", {"name_en": "Arms Watch", "kind": "ngo"})
    api("post", "/api/v1/agenda", {"number": "3", "title_en": "General exchange of views"})
    api("post", "/api/v1/meetings", {"number": 2, "date": "2026-06-22", "agenda_items": ["3"]})
    made = api("post", "/api/v1/meetings/2/statements", {"participant": "State 02", "on_behalf_of": "core",
                                                          "agenda_item": "3", "duration_seconds": 300})
    assert made.status_code == 201
    ngo = api("post", "/api/v1/meetings/2/statements", {"participant": "Arms Watch", "duration_seconds": 180})
    assert ngo.status_code == 201 and ngo.get_json()["list_kind"] == "ngo"
    heard = api("get", "/api/v1/meetings/2").get_json()["statements"]
    assert [(s["participant"]["name"], s["on_behalf_of"] and s["on_behalf_of"]["name"], s["agenda_item"], s["duration"])
            for s in heard] == [("State 02", "Core Group", "3", 300), ("Arms Watch", None, None, 180)]
    for body, field in (({"participant": "Nowhere"}, None), ({"participant": "State 01", "duration_seconds": -4},
                                                             "duration_seconds"),
                        ({"participant": "State 01", "on_behalf_of": "G-77"}, "on_behalf_of"),
                        ({"participant": "State 01", "agenda_item": "99"}, None)):
        refused = api("post", "/api/v1/meetings/2/statements", body)
        assert refused.status_code in (404, 422)
        if field:
            assert refused.get_json()["field"] == field
    assert len(api("get", "/api/v1/meetings/2").get_json()["statements"]) == 2
    assert api("post", "/api/v1/meetings/2/statements", {"participant": "State 01"}, role="president").status_code == 403
