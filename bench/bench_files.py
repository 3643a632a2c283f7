"""Benchmark of drafts as files.  Run from the repository root:

    python -m bench files

* DOCX: a ~50 KB draft (the seed's annexes, as in bench_compare) issued as Word by
  ``export.render_docx``, then read back and parsed (``read_upload`` + ``parse_document``), and
  published through ``POST /api/v1/documents`` as a multipart upload (test client, SQLite).
* PDF: the same kind of text laid out on 20 pages with running headers and footers
  (tests/draft_files.py, fpdf2), read and parsed, and published the same way.
* PDF extractors: pdfminer.six (what confmgr uses) against pypdf on the 20-page PDF and on the
  English fixture with a footnote area: time, reading order (share of the clean text's paragraphs
  found in order in the extracted text) and whether footnote markers stay superscripts.
* Redline: a 50 KB revision pair with 10% of the units edited, exported as a Word redline.

Targets: DOCX parse <= 150 ms, PDF parse <= 1.5 s, redline <= 300 ms (medians).
"""
from __future__ import annotations

import datetime
import io
import statistics
import tempfile
import time
import types
from pathlib import Path

from bench.bench_compare import build_text, edit
from confmgr.drafts import export, redline
from confmgr.drafts.compare import compare
from confmgr.drafts.files import read_upload
from confmgr.drafts.structure import inherit_identities, parse_document

ROOT = Path(__file__).resolve().parent.parent
TARGETS_MS = {"docx": 150, "pdf": 1500, "redline": 300}


class Timing(float):
    """A median in ms that also remembers the fastest run (on a shared machine the gap shows the noise)."""

    fastest: float = 0.0


def _median_ms(fn, runs: int) -> Timing:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    result = Timing(statistics.median(times))
    result.fastest = min(times)
    return result


def _version(symbol: str):
    return types.SimpleNamespace(symbol=symbol, distribution="limited", date=datetime.date(2012, 9, 5),
                                 language="fr", title=lambda _lang: "Document final",
                                 created_at=datetime.datetime(2012, 9, 5, 10, tzinfo=datetime.timezone.utc))


def _pdf_of_pages(text: str, pages: int) -> tuple[bytes, str]:
    """A PDF of at most `pages` pages cut from the text, and the text it lays out."""
    from pypdf import PdfReader

    from tests.draft_files import draft_pdf

    blocks = text.strip().split("\n\n")
    data = draft_pdf(text, "A/CONF.192/2012/RC/CRP.3", "12-51289 (F)")
    while len(PdfReader(io.BytesIO(data)).pages) > pages:
        blocks = blocks[: int(len(blocks) * 0.9)]
        data = draft_pdf("\n\n".join(blocks), "A/CONF.192/2012/RC/CRP.3", "12-51289 (F)")
    return data, "\n\n".join(blocks)


def _in_order(reference: str, extracted: str) -> float:
    """Share of the reference's paragraphs whose opening words appear in order in the extracted text."""
    flat = " ".join(extracted.split())
    pos, found, blocks = 0, 0, [b for b in reference.strip().split("\n\n") if len(b) > 30]
    for block in blocks:
        key = " ".join(block.split())[:40]
        k = flat.find(key, pos)
        if k >= 0:
            found, pos = found + 1, k
    return found / len(blocks)


def _pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _extractors(pdf20: bytes, source: str) -> None:
    from tests.draft_files import ENGLISH_TEXT

    english = (ROOT / "tests/data/draft_footnotes.en.pdf").read_bytes()
    print("PDF extractors (20 pages):")
    for name, fn in (("pdfminer.six", lambda: read_upload("x.pdf", pdf20, max_chars=10**7).text),
                     ("pypdf", lambda: _pypdf_text(pdf20))):
        ms = _median_ms(fn, 3)
        text = fn()
        print(f"  {name:13s} {ms:8.0f} ms median (fastest {ms.fastest:.0f})   reading order {100 * _in_order(source, text):5.1f}%")
    en_miner = read_upload("x.pdf", english, max_chars=10**7).text
    en_pypdf = _pypdf_text(english)
    for name, text in (("pdfminer.six", en_miner), ("pypdf", en_pypdf)):
        markers = "¹" in text and "²" in text
        separated = "__________________" in text
        same = name == "pdfminer.six" and [u.text for u in parse_document(text, "en").units()] == \
            [u.text for u in parse_document(ENGLISH_TEXT, "en").units()]
        print(f"  {name:13s} footnote fixture: superscript markers {'kept' if markers else 'lost'}, "
              f"footnote area {'found' if separated else 'not told apart'}"
              + (", same tree as the clean text" if same else ""))


def _publish_ms(kind: str, data: bytes, runs: int) -> float:
    """Median time of POST /api/v1/documents with the file, on a fresh SQLite database."""
    from confmgr import create_app
    from confmgr.accounts.services import create_user
    from confmgr.config import TestConfig
    from confmgr.core.actor import SYSTEM
    from confmgr.extensions import db

    folder = tempfile.mkdtemp(prefix="confmgr-bench-files-")
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench",
                      "MAX_CONTENT_LENGTH": 16 * 1024 * 1024})
    with app.app_context():
        db.create_all()
        token = create_user(db.session, SYSTEM, "bench@example.org", "secretariat").token
        db.session.commit()
    client = app.test_client()
    times = []
    for k in range(runs + 1):
        t0 = time.perf_counter()
        response = client.post("/api/v1/documents", headers={"Authorization": f"Bearer {token}"},
                               content_type="multipart/form-data",
                               data={"symbol": f"A/CONF.192/2012/RC/CRP.{100 + k}", "title": "Bench",
                                     "language": "fr", "file": (io.BytesIO(data), f"draft.{kind}")})
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 201, response.get_json()
        if k:
            times.append(elapsed)
    with app.app_context():
        db.engine.dispose()
    result = Timing(statistics.median(times))
    result.fastest = min(times)
    return result


def _line(label: str, ms: float, target: int | None = None) -> None:
    verdict = "" if target is None else f"   target <= {target} ms: {'met' if ms <= target else 'MISSED'}"
    fastest = f" (fastest {ms.fastest:.1f})" if isinstance(ms, Timing) else ""
    print(f"  {label:44s} {ms:8.1f} ms median{fastest}{verdict}")


def main() -> None:
    text50 = build_text(54)
    tree50 = parse_document(text50, "fr")
    docx50 = export.render_docx(_version("A/CONF.192/2012/RC/CRP.3"), tree50)
    print(f"DOCX: {len(export.render_text(tree50).encode()) // 1000} KB of text, {len(docx50) // 1000} KB file")
    _line("read + parse", _median_ms(lambda: parse_document(read_upload("d.docx", docx50, max_chars=10**7).text,
                                                            "fr"), 15), TARGETS_MS["docx"])
    _line("publish (POST /api/v1/documents, multipart)", _publish_ms("docx", docx50, 5))
    _line("issue as Word (GET ...?format=docx's work)",
          _median_ms(lambda: export.render_docx(_version("A/CONF.192/2012/RC/CRP.3"), tree50), 10))

    pdf20, source20 = _pdf_of_pages(build_text(70), 20)
    text20 = read_upload("d.pdf", pdf20, max_chars=10**7).text
    print(f"PDF: 20 pages, {len(pdf20) // 1000} KB file, {len(text20.encode()) // 1000} KB of text")
    _line("read + parse", _median_ms(lambda: parse_document(read_upload("d.pdf", pdf20, max_chars=10**7).text,
                                                            "fr"), 3), TARGETS_MS["pdf"])
    _line("publish (POST /api/v1/documents, multipart)", _publish_ms("pdf", pdf20, 3))
    _extractors(pdf20, source20)

    old = tree50
    new = inherit_identities(old, edit(old, 0.10, seed=7))
    comparison = compare(old, new)
    source = redline.Redline(_version("A/CONF.192/2012/RC/CRP.3"), _version("A/CONF.192/2012/RC/CRP.3/Rev.1"),
                             old, new, comparison, author="Secretariat")
    print(f"Redline: 50 KB pair, {comparison['stats']['changed']} paragraphs changed")
    _line("Word redline (full text)", _median_ms(lambda: redline.render_docx(source), 10), TARGETS_MS["redline"])
    only = redline.Redline(source.old_document, source.new_document, old, new, comparison, changes_only=True)
    _line("Word redline (changes only)", _median_ms(lambda: redline.render_docx(only), 10))
    _line("HTML redline (full text)", _median_ms(lambda: redline.render_html(source), 10))


if __name__ == "__main__":
    main()
