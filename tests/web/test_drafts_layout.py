"""Drafts laid out as issued, through the API and the pages: the parse report in the 201 replies, the
check step of the new-draft and publish forms, UN-style references and moved paragraphs in the
comparison view."""
import re
from pathlib import Path

import pytest

from confmgr.core.audit import AuditEntry
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Document

DATA = Path(__file__).resolve().parents[1] / "data"
BASE = "A/CONF.300/2027/L.4"


def read(name):
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat")[1]


def stored():
    return db.session.query(Document).count(), db.session.query(AuditEntry).count()


def test_the_api_replies_carry_the_parse_report(client, secretariat, bearer):
    headers = bearer(secretariat)
    response = client.post("/api/v1/documents", headers=headers, json={
        "symbol": BASE, "title": "Draft outcome document", "text": read("draft_continuous.en.txt")})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    report = body["parse_report"]
    assert report["units"]["paragraph"] == 17 and report["numbering"]["scheme"] == "continuous"
    assert report["metadata"]["symbol"] == BASE and report["metadata"]["distribution"] == "Limited"
    assert {"line": 29, "text": "2/6", "why": "page number"} in report["page_artefacts"]
    assert report["unplaced"] == []
    assert body["metadata"]["original"] == "English"
    para = next(p for p in body["paragraphs"] if p["ref"] == "II.A.7.b")
    assert para["un_ref"] == "para. 7 (b)"
    page = client.get(f"/documents/{BASE}?lang=en", headers=headers).get_data(as_text=True)
    assert '<span class="un-ref">(para. 7 (b))</span>' in page
    assert "<dt>Original language</dt><dd>English</dd>" in page and "Distr.:" not in page

    response = client.post(f"/api/v1/documents/{BASE}/revisions", headers=headers,
                           json={"text": read("draft_continuous.en.rev1.txt")})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["summary"] == "2 paragraphs changed, 1 new, 1 moved, 16 renumbered"
    assert body["counts"]["changed"] == 2 and body["counts"]["renumbered"] == 16
    assert body["parse_report"]["metadata"]["symbol"] == BASE + "/Rev.1"
    assert body["parse_report"]["units"]["paragraph"] == 18

    compared = client.get(f"/api/v1/compare?from={BASE}&to={BASE}/Rev.1", headers=headers).get_json()
    moved = next(e for e in compared["paragraphs"] if e["op"] == "moved")
    assert (moved["from_ref"], moved["to_ref"], moved["was_after"]) == ("II.B.12", "III.19", "II.B.11")
    assert (moved["from_un_ref"], moved["to_un_ref"]) == ("para. 12", "para. 19")


def test_the_new_draft_form_checks_the_text_before_creating(client, secretariat, bearer):
    headers = bearer(secretariat)
    form = client.get("/drafts/new?lang=en", headers=headers).get_data(as_text=True)
    assert 'name="step" value="preview"' in form and 'value="publish"' not in form
    fields = {"symbol": BASE, "title": "Draft outcome document", "language": "en",
              "text": read("draft_continuous.en.txt")}
    before = stored()
    response = client.post("/drafts/new?lang=en", headers=headers, data={**fields, "step": "preview"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and stored() == before  # checking stores nothing
    assert "How the text was read" in page
    assert "17 numbered paragraphs" in page and "continuous across sections" in page
    assert "<dt>Symbol</dt><dd>A/CONF.300/2027/L.4</dd>" in page
    assert "23 lines taken as page artefacts" in page and "<td>running header or footer</td>" in page
    checked = re.search(r'name="checked" value="([0-9a-f]{64})"', page).group(1)
    assert 'name="step" value="publish"' in page

    # the text edited after the check is not published: it is checked again
    edited = client.post("/drafts/new?lang=en", headers=headers,
                         data={**fields, "text": fields["text"] + "\n18. One more paragraph.\n", "checked": checked,
                               "step": "publish"})
    assert edited.status_code == 422 and stored() == before
    assert "The text changed since it was checked" in edited.get_data(as_text=True)

    response = client.post("/drafts/new", headers=headers, data={**fields, "checked": checked, "step": "publish"})
    assert response.status_code == 302
    assert registry.find_document(db.session, BASE) is not None


def test_a_text_with_problems_shows_them_before_publishing(client, secretariat, bearer):
    headers = bearer(secretariat)
    text = ("I. Decisions\n\n1. First paragraph.\n\n2. Second paragraph, which cites paragraph 4\n"
            "(h) of the annex.\n\n5. Fifth paragraph.\n__________________\n9 A note nobody cites.\n")
    response = client.post("/drafts/new?lang=en", headers=headers, data={
        "symbol": BASE, "title": "Draft", "language": "en", "text": text, "step": "preview"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Line 8: paragraph 5 follows paragraph 2." in page
    assert "Line 6 (“(h) of the annex.”) is numbered out of sequence" in page
    assert "Footnote 9 (“A note nobody cites.”): its marker was not found in the text." in page
    assert "No title block found" in page
    french = client.post("/drafts/new?lang=fr", headers=headers, data={
        "symbol": BASE, "title": "Projet", "language": "en", "text": text, "step": "preview"}).get_data(as_text=True)
    assert "Ligne 8 : le paragraphe 5 suit le paragraphe 2." in french and "Lecture du texte" in french
    empty = client.post("/drafts/new?lang=en", headers=headers, data={
        "symbol": BASE, "title": "Draft", "text": "Only a heading", "step": "preview"})
    assert empty.status_code == 422 and "no paragraph" in empty.get_data(as_text=True)


def test_the_publish_form_checks_the_revision_and_shows_its_summary(client, secretariat, bearer):
    headers = bearer(secretariat)
    client.post("/api/v1/documents", headers=headers, json={"symbol": BASE, "title": "Draft",
                                                            "text": read("draft_continuous.en.txt")})
    before = stored()
    text = read("draft_restarting.en.rev2.txt").replace("L.4/Rev.2", "L.4/Rev.1")
    response = client.post(f"/drafts/publish/{BASE}?lang=en", headers=headers,
                           data={"symbol": BASE + "/Rev.1", "text": text, "step": "preview"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and stored() == before
    assert "Compared with the current version:</strong> 2 paragraphs changed, 1 new, 1 moved, 17 renumbered" in page
    assert "restarting in each section" in page
    checked = re.search(r'name="checked" value="([0-9a-f]{64})"', page).group(1)
    response = client.post(f"/drafts/publish/{BASE}", headers=headers,
                           data={"symbol": BASE + "/Rev.1", "text": text, "checked": checked, "step": "publish"})
    assert response.status_code == 302
    assert registry.find_document(db.session, BASE + "/Rev.1") is not None


def test_the_comparison_page_marks_a_moved_paragraph_at_both_places(client, secretariat, bearer):
    headers = bearer(secretariat)
    client.post("/api/v1/documents", headers=headers, json={"symbol": BASE, "title": "Draft",
                                                            "text": read("draft_continuous.en.txt")})
    client.post(f"/api/v1/documents/{BASE}/revisions", headers=headers,
                json={"text": read("draft_continuous.en.rev1.txt")})
    for view in ("side", "changed"):
        page = client.get(f"/compare?from={BASE}&to={BASE}/Rev.1&view={view}&lang=en",
                          headers=headers).get_data(as_text=True)
        placeholder = re.search(r'id="(was-c-\d+)"[^>]*>.*?II\.B\.12 \(para\. 12\) stood here: '
                                r'<a href="#(c-\d+)">moved to III\.19 \(para\. 19\)</a>', page, re.S)
        assert placeholder, view
        target = placeholder.group(2)
        assert f'id="{target}"' in page and f'href="#{placeholder.group(1)}"' in page
        # the placeholder stands right after the paragraph it followed
        where = page.index(f'id="{placeholder.group(1)}"')
        assert page.index("States in a position to do so") < where < page.index("The next biennial meeting")
    page = client.get(f"/compare?from={BASE}&to={BASE}/Rev.1&view=concordance&lang=en",
                      headers=headers).get_data(as_text=True)
    assert page.count("stood here") == 0
    assert '<span class="ref">I.4</span> <span class="un-ref">(para. 4)</span>' in page
    csv = client.get(f"/compare/concordance.csv?from={BASE}&to={BASE}/Rev.1", headers=headers).get_data(as_text=True)
    assert csv.count("II.B.12,III.19,moved") == 1
