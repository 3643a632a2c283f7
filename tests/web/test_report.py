import io
import re

import docx
import pytest

from confmgr.demo import loader
from confmgr.extensions import db
from confmgr.report import services

ROLES = ("secretariat", "president", "credentials", "delegate")
PARTICIPANT = {"delegate": "germany", "credentials": "china"}


@pytest.fixture
def demo(app):
    loader.load(db.session)
    db.session.commit()


def test_report_page_in_both_languages_with_nav_and_exports(demo, client, make_user, bearer):
    _, token = make_user("delegate", participant="germany")
    page = client.get("/report?lang=fr", headers=bearer(token)).get_data(as_text=True)
    assert "1re séance, le 27\u00a0août" not in page  # the day and month stay together with a plain space
    assert "À sa 1re séance, le 27 août" in page and 'href="/report"' in page
    assert "Edit paragraph" not in page  # a delegate reads, the secretariat edits
    english = client.get("/report?lang=en", headers=bearer(token)).get_data(as_text=True)
    assert "At its 1st meeting, on 27 August" in english and "Vice-Presidents:" in english


def test_docx_export_reopens_with_headings_and_paragraphs(demo, client):
    response = client.get("/api/v1/report?lang=fr&format=docx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "I. Introduction" in headings and "IV. Débat général" in headings and "Annexe I" in headings
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("12.\tAu cours de ses cinq premières séances") for t in texts)
    assert any("Viet Nam et Zambie" in t for t in texts)


def test_html_export_is_standalone_and_text_export_is_wrapped(demo, client):
    html = client.get("/api/v1/report?lang=en&format=html")
    body = html.get_data(as_text=True)
    assert body.startswith("<!doctype html>") and "<style>" in body and "<script" not in body
    assert "default-src 'none'" in html.headers["Content-Security-Policy"]
    text = client.get("/api/v1/report?lang=en&format=text").get_data(as_text=True)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("12. At its first five meetings") for line in lines)
    assert "  1  Available from www.poa-iss.org/RevCon2/documents." in text


def test_public_reads_only_an_adopted_report(app, client):
    loader.load(db.session)
    from confmgr.procedure.models import Decision
    from sqlalchemy import delete
    db.session.execute(delete(Decision).where(Decision.subject == "report"))
    db.session.commit()
    assert client.get("/api/v1/report?lang=fr").status_code == 403
    assert client.get("/report?lang=fr").status_code == 403


def test_bad_requests_are_refused_clearly(demo, client, make_user, bearer):
    _, token = make_user("secretariat")
    assert client.get("/api/v1/report?lang=de").status_code == 422
    assert client.get("/api/v1/report?lang=fr&format=pdf").status_code == 422
    assert client.put("/api/v1/report/paragraphs/fr/organization.rules", json={"text": ""},
                      headers=bearer(token)).status_code == 422
    assert client.put("/api/v1/report/paragraphs/fr/nothing.here", json={"text": "x"},
                      headers=bearer(token)).status_code == 404
    assert client.put("/api/v1/report/settings", json={"facts": {"president_form": "x"}},
                      headers=bearer(token)).status_code == 422
    assert client.delete("/api/v1/report/paragraphs/fr/organization.rules", headers=bearer(token)).status_code == 404
    assert services.edits(db.session, "fr") == {}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_edits(demo, client, make_user, bearer, role):
    _, token = make_user(role, participant=PARTICIPANT.get(role))
    put = client.put("/api/v1/report/paragraphs/en/organization.rules", json={"text": "Reworded."},
                     headers=bearer(token))
    settings = client.put("/api/v1/report/settings", json={"facts": {"president_form": "m"}}, headers=bearer(token))
    if role == "secretariat":
        assert put.status_code == 200 and settings.status_code == 200
        report = client.get("/api/v1/report?lang=en", headers=bearer(token)).get_json()
        block = next(b for b in report["blocks"] if b["key"] == "organization.rules")
        assert block["edited"] and block["text"] == "Reworded." and block["generated"].startswith("At its 1st")
        assert client.delete("/api/v1/report/paragraphs/en/organization.rules", headers=bearer(token)).status_code == 204
    else:
        assert put.status_code == 403 and settings.status_code == 403
        assert services.edits(db.session, "en") == {}
        assert services.settings(db.session).facts["president_form"] == "f"
    anonymous = client.put("/api/v1/report/paragraphs/en/organization.rules", json={"text": "x"})
    assert anonymous.status_code == 400  # no token, no CSRF token: refused before any service runs
    assert "organization.rules" not in services.edits(db.session, "en")


def test_secretariat_edits_and_reverts_from_the_page(demo, client, make_user):
    user, _ = make_user("secretariat", password="a long enough password 1")
    login = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    assert client.post("/login", data={"email": user.email, "password": "a long enough password 1",
                                       "csrf_token": csrf}).status_code == 302
    page = client.get("/report?lang=fr&edit=debate.igo").get_data(as_text=True)
    assert "Modifier le paragraphe" in page
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    r = client.post("/report/paragraphs", data={"csrf_token": csrf, "lang": "fr", "key": "debate.igo",
                                                "text": "Texte revu par le secrétariat."})
    assert r.status_code == 303
    page = client.get("/report?lang=fr").get_data(as_text=True)
    assert "Texte revu par le secrétariat." in page and 'class="badge edited"' in page
    r = client.post("/report/paragraphs/revert", data={"csrf_token": csrf, "lang": "fr", "key": "debate.igo"})
    assert r.status_code == 303
    page = client.get("/report?lang=fr").get_data(as_text=True)
    assert 'class="badge edited"' not in page and "Organisation internationale de police criminelle" in page
