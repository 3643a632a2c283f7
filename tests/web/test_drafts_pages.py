"""Draft pages: structure with statuses and proposals, forms for documents and revisions,
comparison views, concordance, timeline, alignment overrides."""
import io
import re

import pytest

from confmgr.core import events
from confmgr.core.actor import SYSTEM
from confmgr.drafts import services
from confmgr.drafts.models import AlignmentOverride, ParagraphStatus, Proposal
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Document

from tests.unit.drafts.english_drafts import ORIGINAL, REVISED

BASE = "A/CONF.192/2012/RC/L.9"
REV1 = BASE + "/Rev.1"


@pytest.fixture
def family(session):
    kenya = registry.create_participant(session, SYSTEM, name_fr="Kenya", name_en="Kenya", kind="member_state",
                                        regional_group="african")
    group = registry.create_group(session, SYSTEM, name_fr="Groupe africain", name_en="African Group")
    registry.set_group_members(session, SYSTEM, group.id, [kenya.id])
    services.create_document(session, SYSTEM, symbol=BASE, title="Draft outcome", text=ORIGINAL, language="en",
                             illustrative=True)
    services.publish_revision(session, SYSTEM, BASE, REVISED, illustrative=True)
    session.commit()
    return {"kenya": kenya, "group": group}


@pytest.fixture
def users(make_user, family):
    return {"secretariat": make_user("secretariat")[1], "delegate": make_user("delegate", participant="kenya")[1]}


def wid(symbol, ref):
    doc = registry.find_document(db.session, symbol)
    return next(u.wid for u in services.parsed(doc).units() if u.ref == ref)


def test_the_draft_page_shows_the_structure_and_the_live_contract(client, users, bearer):
    page = client.get(f"/documents/{REV1}?lang=en", headers=bearer(users["delegate"])).get_data(as_text=True)
    assert f'data-live-stream="document:{BASE}"' in page
    assert f'data-live-since="{events.last_seq(db.session, "document:" + BASE)}"' in page
    assert 'id="revision-notice" aria-live="polite"' in page
    assert "data-live-label-published=" in page and "data-live-label-compare=" in page
    assert 'src="/static/js/live.js"' in page
    w = wid(REV1, "I.2bis")
    assert f'id="p-{w}" data-wid="{w}"' in page
    assert '<span class="label">2 bis.</span> We welcome the adoption' in page
    assert '<span class="label">(b bis)</span> Prevent the diversion' in page
    assert "Brackets: 0" in page and "illustrative" in page
    assert "Propose a change to I.3" in page and "On behalf of (optional)" in page
    assert "status-form" not in page  # statuses are set by the secretariat only
    assert f"/compare?from={BASE}&amp;to={REV1}" in page


def test_limited_draft_pages_need_sign_in(client, users):
    response = client.get(f"/documents/{REV1}?lang=en")
    assert response.status_code == 403 and "sign in" in response.get_data(as_text=True)
    assert client.get(f"/compare?from={BASE}&to={REV1}").status_code == 403
    assert client.get(f"/timeline/{BASE}").status_code == 403


def test_the_secretariat_sets_a_status_with_htmx(client, users, bearer):
    w = wid(REV1, "I.3")
    response = client.post("/drafts/status", data={"symbol": REV1, "wid": w, "status": "bracketed"},
                           headers={**bearer(users["secretariat"]), "HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="status-box"' in html and 'value="bracketed" selected' in html
    assert db.session.query(ParagraphStatus).one().status == "bracketed"
    page = client.get(f"/documents/{REV1}", headers=bearer(users["secretariat"])).get_data(as_text=True)
    assert f'class="unit unit-paragraph is-bracketed" id="p-{w}"' in page


def test_a_delegate_cannot_set_a_status(client, users, bearer):
    response = client.post("/drafts/status", data={"symbol": REV1, "wid": wid(REV1, "I.3"), "status": "deleted"},
                           headers={**bearer(users["delegate"]), "HX-Request": "true"})
    assert response.status_code == 403 and 'role="alert"' in response.get_data(as_text=True)
    assert db.session.query(ParagraphStatus).count() == 0


def test_a_form_post_without_csrf_is_refused(client, users):
    response = client.post("/drafts/status", data={"symbol": REV1, "wid": wid(REV1, "I.3"), "status": "deleted"})
    assert response.status_code == 400
    assert db.session.query(ParagraphStatus).count() == 0


def test_a_delegate_proposes_on_behalf_of_its_group(client, users, bearer, family):
    w = wid(REV1, "I.3")
    response = client.post("/drafts/proposals?lang=en", headers={**bearer(users["delegate"]), "HX-Request": "true"},
                           data={"symbol": REV1, "wid": w, "text": "Replace 'urge' by 'call upon'.",
                                 "on_behalf_of": str(family["group"].id)})
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    assert "Kenya" in html and "on behalf of African Group" in html and "call upon" in html
    empty = client.post("/drafts/proposals?lang=en", headers={**bearer(users["delegate"]), "HX-Request": "true"},
                        data={"symbol": REV1, "wid": w, "text": "  "})
    assert empty.status_code == 422 and "required" in empty.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 1
    # the proposal shows beside the paragraph, also on the earlier version (same identity)
    page = client.get(f"/documents/{BASE}?lang=en", headers=bearer(users["delegate"])).get_data(as_text=True)
    assert "on behalf of African Group" in page and f"on {REV1}" in page


def _create_form(client, users, bearer, **data):
    return client.post("/drafts/new?lang=en", headers=bearer(users["secretariat"]), content_type="multipart/form-data",
                       data={"symbol": "A/CONF.192/2012/RC/CRP.7", "title": "Draft report", "language": "en",
                             "distribution": "general", **data})


def test_a_new_family_from_pasted_text(client, users, bearer):
    response = _create_form(client, users, bearer, text=ORIGINAL)
    assert response.status_code == 302 and response.headers["Location"].endswith("/documents/A/CONF.192/2012/RC/CRP.7")
    assert client.get("/documents/A/CONF.192/2012/RC/CRP.7").status_code == 200  # General: public reads it


def test_a_new_family_from_an_uploaded_file(client, users, bearer):
    upload = (io.BytesIO(("\ufeff" + ORIGINAL).encode("utf-8")), "draft.txt", "text/plain")
    response = _create_form(client, users, bearer, file=upload)
    assert response.status_code == 302
    assert registry.find_document(db.session, "A/CONF.192/2012/RC/CRP.7").text.startswith("Draft outcome")


@pytest.mark.parametrize("data, status, message", [
    ({"file": (io.BytesIO(b"1. Caf\xe9 au lait."), "draft.txt", "text/plain")}, 422, "not valid UTF-8"),
    ({"file": (io.BytesIO(b"%PDF-1.4"), "draft.pdf", "application/pdf")}, 422, "not a readable PDF"),
    ({"file": (io.BytesIO(b"1. Text\x00 with NUL."), "draft.txt", "text/plain")}, 422,
     "is not a Word (.docx), PDF or UTF-8 text file"),
    ({"text": "Draft outcome\n\nAnnex"}, 422, "no paragraph"),
    ({"text": ""}, 422, "Paste the text"),
    ({"text": ORIGINAL, "symbol": "A/CONF.192/2012/RC/L.9"}, 409, "exists already"),
    ({"text": ORIGINAL, "symbol": "A/CONF.192/2012/RC/L.4/Rev.0"}, 422, "Rev.0"),
])
def test_bad_new_family_forms_show_the_error_and_store_nothing(client, users, bearer, data, status, message):
    before = db.session.query(Document).count()
    response = _create_form(client, users, bearer, **data)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert message in html and 'role="alert"' in html and "<form" in html
    assert db.session.query(Document).count() == before


def test_an_upload_over_the_size_limit_is_refused(app, client, users, bearer):
    app.config["MAX_DRAFT_CHARS"] = 300
    upload = (io.BytesIO(ORIGINAL.encode("utf-8")), "draft.txt", "text/plain")
    response = _create_form(client, users, bearer, file=upload)
    assert response.status_code == 422 and "too large" in response.get_data(as_text=True)
    response = _create_form(client, users, bearer, text=ORIGINAL)
    assert response.status_code == 413 and "over the limit" in response.get_data(as_text=True)
    assert registry.find_document(db.session, "A/CONF.192/2012/RC/CRP.7") is None


def test_only_the_secretariat_opens_the_forms(client, users, bearer):
    assert client.get("/drafts/new", headers=bearer(users["delegate"])).status_code == 403
    assert client.get(f"/drafts/publish/{BASE}", headers=bearer(users["delegate"])).status_code == 403
    response = client.post(f"/drafts/publish/{BASE}", headers=bearer(users["delegate"]), data={"text": REVISED})
    assert response.status_code == 403
    assert registry.find_document(db.session, BASE + "/Rev.2") is None


def test_the_secretariat_publishes_the_next_revision_from_the_form(client, users, bearer):
    page = client.get(f"/drafts/publish/{BASE}?lang=en", headers=bearer(users["secretariat"])).get_data(as_text=True)
    assert "The new version will be A/CONF.192/2012/RC/L.9/Rev.2" in page
    bad = client.post(f"/drafts/publish/{BASE}?lang=en", headers=bearer(users["secretariat"]),
                      data={"symbol": BASE + "/Rev.2", "text": "Heading only"})
    assert bad.status_code == 422 and "no paragraph" in bad.get_data(as_text=True)
    response = client.post(f"/drafts/publish/{BASE}", headers=bearer(users["secretariat"]),
                           data={"symbol": BASE + "/Rev.2", "text": REVISED.replace("2014", "2016")})
    assert response.status_code == 302 and "compare?from=" in response.headers["Location"]
    assert registry.find_document(db.session, BASE + "/Rev.2").supersedes.symbol == REV1


@pytest.mark.parametrize("view", ["side", "inline", "changed"])
def test_comparison_views_say_what_happened(client, users, bearer, view):
    page = client.get(f"/compare?from={BASE}&to={REV1}&view={view}&lang=en",
                      headers=bearer(users["delegate"])).get_data(as_text=True)
    for words in ("new piece split from I.4", "merged into II.B.3", "moved from I.5 to II.B.5", "Brackets before",
                  "<del><span class=\"visually-hidden\">[deleted: </span>", "<ins><span class=\"visually-hidden\">",
                  "illustrative"):
        assert words in page, words
    if view == "changed":
        assert "We reaffirm our respect for and commitment" not in page  # unchanged paragraphs are left out
    else:
        assert "We reaffirm our respect for and commitment" in page
    assert "Never match" not in page and "Not the same paragraph" not in page  # delegates do not override


def test_concordance_table_and_csv(client, users, bearer):
    page = client.get(f"/compare?from={BASE}&to={REV1}&view=concordance&lang=en",
                      headers=bearer(users["delegate"])).get_data(as_text=True)
    assert re.search(r'<td><span class="ref">II\.B\.5</span> <span class="un-ref">\(section II\.B, para\. 5\)</span></td>'
                     r'<td><span class="ref">II\.B\.4</span> <span class="un-ref">\(section II\.B, para\. 4\)</span></td>'
                     r"<td>renumbered II\.B\.5 → II\.B\.4</td>", page)
    response = client.get(f"/compare/concordance.csv?from={BASE}&to={REV1}", headers=bearer(users["delegate"]))
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == f"{BASE},{REV1},change,kind,related"
    assert "II.B.5,II.B.4,renumbered,paragraph," in lines
    assert "I.5,II.B.5,moved,paragraph," in lines
    assert ",I.5,new piece of a split,paragraph,I.4" in lines


def test_the_timeline_lists_versions_with_brackets_and_summaries(client, users, bearer):
    page = client.get(f"/timeline/{BASE}?lang=en", headers=bearer(users["delegate"])).get_data(as_text=True)
    assert page.index(BASE + "</a>") < page.index(REV1 + "</a>")
    assert "Brackets: 2" in page and "Brackets: 0" in page
    assert "3 paragraphs changed, 3 new, 1 deleted" in page and "First version." in page
    assert "illustrative" in page


def test_the_compare_page_picks_any_two_versions(client, users, bearer):
    page = client.get("/compare?lang=en", headers=bearer(users["delegate"])).get_data(as_text=True)
    assert f'<option value="{REV1}"' in page and "Older version" in page
    response = client.get(f"/compare?family={BASE}", headers=bearer(users["delegate"]))
    assert response.status_code == 302 and f"to={REV1}" in response.headers["Location"]
    assert client.get(f"/compare?from={BASE}", headers=bearer(users["delegate"])).status_code == 422


def refs_only(page: str) -> str:
    """The page with each ref shown bare, without the UN-style reference beside it."""
    return re.sub(r'<span class="ref">([^<]*)</span>(?: <span class="un-ref">[^<]*</span>)?', r"\1", page)


def test_the_secretariat_overrides_a_match_and_the_comparison_follows(client, users, bearer):
    headers = bearer(users["secretariat"])
    old_w, new_w = wid(BASE, "I.3"), wid(REV1, "I.3")
    page = client.get(f"/compare?from={BASE}&to={REV1}&lang=en", headers=headers).get_data(as_text=True)
    assert "Not the same paragraph: I.3 and I.3" in page
    response = client.post("/drafts/overrides", headers=headers, data={
        "base": BASE, "old_wid": old_w, "new_wid": new_w, "kind": "forbid", "from": BASE, "to": REV1, "view": "inline"})
    assert response.status_code == 302 and "view=inline" in response.headers["Location"]
    page = refs_only(client.get(f"/compare?from={BASE}&to={REV1}&view=concordance&lang=en",
                                headers=headers).get_data(as_text=True))
    assert "<td>I.3</td><td>—</td><td>deleted</td>" in page and "<td>—</td><td>I.3</td><td>new</td>" in page
    assert "Never match" in page
    # force the inserted I.3 back onto the deleted one, then withdraw both decisions
    client.post("/drafts/overrides", headers=headers, data={"base": BASE, "old_wid": old_w, "new_wid": new_w,
                                                            "kind": "force", "from": BASE, "to": REV1})
    assert db.session.query(AlignmentOverride).one().kind == "force"
    page = refs_only(client.get(f"/compare?from={BASE}&to={REV1}&view=concordance&lang=en",
                                headers=headers).get_data(as_text=True))
    assert "<td>I.3</td><td>I.3</td><td>changed</td>" in page
    override = db.session.query(AlignmentOverride).one()
    assert client.post(f"/drafts/overrides/{override.id}/remove", headers=headers,
                       data={"from": BASE, "to": REV1}).status_code == 302
    assert db.session.query(AlignmentOverride).count() == 0


def test_a_delegate_cannot_override(client, users, bearer):
    response = client.post("/drafts/overrides", headers=bearer(users["delegate"]), data={
        "base": BASE, "old_wid": wid(BASE, "I.3"), "new_wid": wid(REV1, "I.3"), "kind": "forbid"})
    assert response.status_code == 403
    assert db.session.query(AlignmentOverride).count() == 0


def test_the_documents_list_links_to_the_draft_pages(client, users, bearer):
    page = client.get("/documents?lang=en", headers=bearer(users["delegate"])).get_data(as_text=True)
    assert f'href="/documents/{REV1}"' in page and f'href="/timeline/{BASE}"' in page
