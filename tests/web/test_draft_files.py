"""Drafts as files: Word, PDF and text uploads through the API and the pages, a version downloaded as
text or Word, redlines as Word tracked changes and print-ready HTML, and bad files refused."""
import base64
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from confmgr.drafts.chain import build_demo_chain
from confmgr.drafts.structure import parse_document
from confmgr.extensions import db
from confmgr.registry.models import Document

from tests.draft_files import ENGLISH_TEXT
from tests.unit.drafts.english_drafts import ORIGINAL, REVISED

DATA = Path(__file__).resolve().parent.parent / "data"
ROOT = DATA.parent.parent
CRP3 = "A/CONF.192/2012/RC/CRP.3"
BASE = "A/CONF.192/2012/RC/CRP.9"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def demo_texts():
    annex = (ROOT / "confmgr/demo/data/annex2.fr.txt").read_text(encoding="utf-8")
    return build_demo_chain(annex, CRP3, 3)


def units(tree_paragraphs):
    return [(p["kind"], p["ref"], p["number"], p["text"]) for p in tree_paragraphs]


def text_units(text, language):
    return [(u.kind, u.ref, u.number, u.text) for u in parse_document(text, language).units()]


@pytest.fixture
def secretariat(make_user, bearer):
    return bearer(make_user("secretariat")[1])


def as_json_file(name):
    return {"name": name, "content_base64": base64.b64encode((DATA / name).read_bytes()).decode()}


def create(client, headers, **fields):
    body = {"symbol": BASE, "title": "Draft outcome", "language": "en", **fields}
    return client.post("/api/v1/documents", json=body, headers=headers)


# --------------------------------------------------------------------------- uploads

def test_a_word_file_with_automatic_numbering_footnotes_and_tracked_changes(client, secretariat):
    with (DATA / "draft_numbered.en.docx").open("rb") as f:
        response = client.post("/api/v1/documents", headers=secretariat, content_type="multipart/form-data",
                               data={"symbol": BASE, "title": "Draft outcome", "language": "en",
                                     "file": (f, "draft.docx")})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert units(body["paragraphs"]) == text_units(ENGLISH_TEXT, "en")
    refs = {p["ref"]: p["text"] for p in body["paragraphs"]}
    # numbering Word computed (sections and paragraphs 1..5 across them, (a), (i), a typed "2 bis.")
    assert refs["II.4"].startswith("Decide to convene") and refs["I.2.b.ii"].startswith("Designating")
    assert "I.2bis" in refs and refs["I.1"] == "Decide to strengthen national marking of small arms and light weapons;"
    assert "Welcome the work" not in " ".join(refs.values())  # a paragraph deleted as a tracked change
    assert refs["FN2"] == "Dates to be confirmed by the Secretariat." and any(t.endswith("2001,¹") for t in refs.values())
    assert body["file"]["type"] == "docx" and body["file"]["tracked_changes"] == {"insertions": 3, "deletions": 4}
    assert any("read as accepted" in note for note in body["file"]["notes"])


@pytest.mark.parametrize("name", ["CRP.3_Rev.2.fr.docx", "CRP.3_Rev.2.fr.pdf"])
def test_crp3_rev2_as_word_or_pdf_gives_the_tree_of_the_clean_text(client, secretariat, name):
    texts = demo_texts()
    response = client.post("/api/v1/documents", headers=secretariat,
                           json={"symbol": CRP3, "title": "Document final", "language": "fr", "text": texts[1]})
    assert response.status_code == 201
    response = client.post(f"/api/v1/documents/{CRP3}/revisions", headers=secretariat,
                           json={"file": as_json_file(name)})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["file"]["type"] == name.rsplit(".", 1)[1]
    stored = client.get(f"/api/v1/documents/{CRP3}/Rev.1", headers=secretariat).get_json()
    assert units(stored["paragraphs"]) == text_units(texts[2], "fr")


def test_a_pdf_with_running_headers_footers_and_a_footnote_area(client, secretariat):
    response = create(client, secretariat, file=as_json_file("draft_footnotes.en.pdf"))
    assert response.status_code == 201, response.get_json()
    assert units(response.get_json()["paragraphs"]) == text_units(ENGLISH_TEXT, "en")


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(DATA / "draft_footnotes.en.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_only_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a scan has pixels, no text
    return bytes(pdf.output())


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


BAD_FILES = [
    ("encrypted.pdf", _encrypted_pdf, 422, "encrypted PDF", "pdf_encrypted"),
    ("scan.pdf", _image_only_pdf, 422, "no text layer", "pdf_no_text"),
    ("broken.docx", lambda: b"PK\x03\x04 this is no zip archive", 422, "not a valid zip archive", "docx_not_zip"),
    ("bomb.docx", lambda: _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"0" * (65 * 1024 * 1024)}),
     413, "unpacks to", "docx_unpacked_too_large"),
    ("many.docx", lambda: _zip({f"word/media/{k}.xml": b"" for k in range(600)}), 422, "parts",
     "docx_too_many_members"),
    ("notes.zip.docx", lambda: _zip({"readme.txt": b"hello"}), 422, "not a Word document", "docx_not_word"),
    ("photo.docx", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), 415, "is not a Word (.docx), PDF",
     "file_type"),
]


@pytest.mark.parametrize("name, make, status, message, code", BAD_FILES)
def test_bad_files_are_refused_with_the_problem_named_and_nothing_stored(client, secretariat, name, make, status,
                                                                        message, code):
    before = db.session.query(Document).count()
    response = create(client, secretariat, file={"name": name, "content_base64": base64.b64encode(make()).decode()})
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert message in body["error"] and name in body["error"] and body["code"] == code and body["field"] == "file"
    if code.startswith("pdf_"):
        assert "Word file" in body["error"]
    assert db.session.query(Document).count() == before


def test_a_file_over_the_request_limit_is_refused(app, client, secretariat):
    app.config["MAX_CONTENT_LENGTH"] = 20_000
    with (DATA / "CRP.3_Rev.2.fr.docx").open("rb") as f:
        response = client.post("/api/v1/documents", headers=secretariat, content_type="multipart/form-data",
                               data={"symbol": BASE, "title": "Draft", "file": (f, "draft.docx")})
    assert response.status_code == 413 and "too large" in response.get_json()["error"]
    assert db.session.query(Document).count() == 0


def test_a_file_and_a_text_together_or_bad_base64_are_refused(client, secretariat):
    assert create(client, secretariat, text=ORIGINAL, file=as_json_file("draft_numbered.en.docx")).status_code == 422
    response = create(client, secretariat, file={"name": "x.docx", "content_base64": "not base64!"})
    assert response.status_code == 422 and "base64" in response.get_json()["error"]
    assert db.session.query(Document).count() == 0


def test_only_the_secretariat_may_upload(client, make_user, bearer):
    response = create(client, bearer(make_user("president")[1]), file=as_json_file("draft_numbered.en.docx"))
    assert response.status_code == 403 and db.session.query(Document).count() == 0


# --------------------------------------------------------------------------- the current text

def test_a_version_as_text_and_as_word_and_the_word_file_read_back_gives_the_same_tree(client, secretariat):
    create(client, secretariat, text=ENGLISH_TEXT, distribution="limited", date="2012-09-05")
    stored = client.get(f"/api/v1/documents/{BASE}", headers=secretariat).get_json()
    text = client.get(f"/api/v1/documents/{BASE}?format=text", headers=secretariat)
    assert text.status_code == 200 and text.mimetype == "text/plain"
    assert text_units(text.get_data(as_text=True), "en") == units(stored["paragraphs"])
    word = client.get(f"/api/v1/documents/{BASE}?format=docx", headers=secretariat)
    assert word.status_code == 200 and word.headers["Content-Disposition"].endswith('.docx"')
    package = zipfile.ZipFile(io.BytesIO(word.data))
    header = b"".join(package.read(n) for n in package.namelist() if n.startswith("word/header"))
    for line in (b"United Nations", BASE.encode(), b"Distr.: Limited", b"5 September 2012", b"Original: English"):
        assert line in header
    notes = etree.fromstring(package.read("word/footnotes.xml"))
    assert "Dates to be confirmed by the Secretariat." in "".join(notes.itertext())
    document = etree.fromstring(package.read("word/document.xml"))
    assert len(list(document.iter(W + "footnoteReference"))) == 2
    response = client.post(f"/api/v1/documents/{BASE}/revisions", headers=secretariat,
                           json={"file": {"name": "back.docx", "content_base64": base64.b64encode(word.data).decode()}})
    assert response.status_code == 201 and response.get_json()["summary"] == "No change"
    again = client.get(f"/api/v1/documents/{BASE}/Rev.1", headers=secretariat).get_json()
    assert units(again["paragraphs"]) == units(stored["paragraphs"])
    assert client.get(f"/api/v1/documents/{BASE}?format=pdf", headers=secretariat).status_code == 422


def test_the_publish_form_starts_from_the_current_text(client, secretariat):
    create(client, secretariat, text=ORIGINAL)
    page = client.get(f"/drafts/publish/{BASE}?lang=en", headers=secretariat).get_data(as_text=True)
    assert "Start from the current text" in page and "Decide to" not in page
    page = client.get(f"/drafts/publish/{BASE}?lang=en&prefill=1", headers=secretariat).get_data(as_text=True)
    assert "The text below is the current text" in page
    assert parse_document(ORIGINAL, "en").units()[3].text.split()[0] in page


def test_the_new_draft_form_takes_a_word_file_and_says_tracked_changes_were_accepted(client, secretariat):
    with (DATA / "draft_numbered.en.docx").open("rb") as f:
        response = client.post("/drafts/new?lang=en", headers=secretariat, content_type="multipart/form-data",
                               data={"symbol": BASE, "title": "Draft", "language": "en", "distribution": "general",
                                     "file": (f, "draft.docx")})
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en", headers=secretariat).get_data(as_text=True)
    assert "7 tracked changes in the Word file were read as accepted." in page
    bad = client.post("/drafts/new?lang=fr", headers=secretariat, content_type="multipart/form-data",
                      data={"symbol": BASE + "/X", "title": "Draft", "language": "en",
                            "file": (io.BytesIO(_image_only_pdf()), "scan.pdf")})
    assert bad.status_code == 422 and "n’a pas de couche de texte" in bad.get_data(as_text=True)


# --------------------------------------------------------------------------- redlines

@pytest.fixture
def revised(client, secretariat):
    assert create(client, secretariat, text=ORIGINAL).status_code == 201
    response = client.post(f"/api/v1/documents/{BASE}/revisions", headers=secretariat, json={"text": REVISED})
    assert response.status_code == 201
    return BASE + "/Rev.1"


def accepted_paragraphs(docx_bytes: bytes) -> list[str]:
    """Accept all: drop what w:del holds and paragraphs whose mark is deleted, keep what w:ins holds."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml"))
    out = []
    for p in root.find(W + "body").findall(W + "p"):
        if p.find(f"{W}pPr/{W}rPr/{W}del") is not None:
            continue
        out.append("".join(t.text or "" for t in p.iter(W + "t")
                           if not any(a.tag == W + "del" for a in t.iterancestors())))
    return out


def test_the_word_redline_carries_tracked_changes_that_accepted_give_the_new_text(client, secretariat, revised):
    response = client.get(f"/api/v1/compare?from={BASE}&to={revised}&format=docx", headers=secretariat)
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('.docx"')
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml"))
    marks = list(root.iter(W + "ins")) + list(root.iter(W + "del"))
    assert marks and all(m.get(W + "author") and m.get(W + "date", "").endswith("Z") for m in marks)
    assert not any("@" in m.get(W + "author") for m in marks)  # a name, never an e-mail address
    assert len({m.get(W + "id") for m in marks}) == len(marks)
    paragraphs = accepted_paragraphs(response.data)
    annex = paragraphs.index("Annex: concordance of paragraph numbers")
    new_text = client.get(f"/api/v1/documents/{revised}?format=text", headers=secretariat).get_data(as_text=True)
    assert paragraphs[2:annex - 1] == new_text.strip().split("\n\n")
    table = "".join(root.find(f"{W}body/{W}tbl").itertext())
    assert "renumbered" in table or "changed" in table
    only = client.get(f"/api/v1/compare?from={BASE}&to={revised}&format=docx&changes_only=1", headers=secretariat)
    assert len(accepted_paragraphs(only.data)) < len(paragraphs)


def test_the_html_redline_is_a_print_ready_page(client, secretariat, revised):
    response = client.get(f"/api/v1/compare?from={BASE}&to={revised}&format=html", headers=secretariat)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<ins>" in html and "<del>" in html and "@media print" in html and "concordance" in html
    assert "<script" not in html and "style-src 'unsafe-inline'" in response.headers["Content-Security-Policy"]
    only = client.get(f"/api/v1/compare?from={BASE}&to={revised}&format=html&changes_only=1", headers=secretariat)
    assert "Changed paragraphs only" in only.get_data(as_text=True) and len(only.data) < len(response.data)
    assert client.get(f"/api/v1/compare?from={BASE}&to={revised}&format=rtf", headers=secretariat).status_code == 422


def test_the_compare_page_offers_the_redlines(client, secretariat, revised):
    page = client.get(f"/compare?from={BASE}&to={revised}&lang=en", headers=secretariat).get_data(as_text=True)
    assert "Redline in Word (full text)" in page and "Printable redline (changes only)" in page
    assert "/compare/redline.docx?" in page and "changes_only=1" in page
    download = client.get(f"/compare/redline.docx?from={BASE}&to={revised}", headers=secretariat)
    assert download.status_code == 200 and download.data.startswith(b"PK")


def test_the_document_page_offers_the_version_as_word_and_as_text(client, secretariat):
    create(client, secretariat, text=ORIGINAL, distribution="general")
    page = client.get(f"/documents/{BASE}?lang=fr").get_data(as_text=True)  # General: the public reads it
    assert "Télécharger en Word" in page and "/download.docx" in page
    word = client.get(f"/documents/{BASE}/download.docx")
    assert word.status_code == 200 and word.data.startswith(b"PK")
    text = client.get(f"/documents/{BASE}/download.text").get_data(as_text=True)
    assert text_units(text, "en") == text_units(ORIGINAL, "en")
    assert client.get(f"/documents/{BASE}/download.exe").status_code == 422
