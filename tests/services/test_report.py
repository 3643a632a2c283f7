"""The report of the 2012 demo against the seed itself, and the secretariat's edits.

The fidelity test reads the seed (a copy in tests/data/A_CONF.192_2012_RC_4.fr.txt), parses its
lists and compares them with what confmgr generates from its record.
"""
import re
import unicodedata
from pathlib import Path

import pytest

from confmgr.core.actor import PUBLIC, SYSTEM
from confmgr.core.errors import Forbidden, InvalidInput, NotFound
from confmgr.core.lang import plain_spaces
from confmgr.demo import loader
from confmgr.extensions import db
from confmgr.report import services

SEED = Path(__file__).resolve().parents[1] / "data" / "A_CONF.192_2012_RC_4.fr.txt"


def seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(f"the seed report is missing: expected it at {SEED.resolve()}")
    return SEED.read_text(encoding="utf-8")


def flat(text: str) -> str:
    text = plain_spaces(text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"/ (?=[A-Z])", "/", text).strip()


def seed_paragraphs(body: str) -> dict[int, str]:
    """Numbered paragraphs of the report proper (before the annexes), as flat text."""
    text = flat(body.split("Annexe I", 1)[0])
    head, _, rest = text.partition("comme suit :")  # the agenda's own numbered items are not paragraphs
    text = head + "comme suit : " + rest.split(" D. Bureau", 1)[1]
    parts = re.split(r"(?:(?<=\s)|^)(\d{1,2})\. (?=[A-ZÀ-Ý])", text)
    found: dict[int, str] = {}
    for number, chunk in zip(parts[1::2], parts[2::2]):
        n = int(number)
        if n == len(found) + 1:
            found[n] = chunk.strip()
        elif found:
            found[len(found)] += f" {number}. {chunk}"
    return found


def split_names(text: str) -> list[str]:
    """'A, B (au nom de X et au nom de son pays), C et D' -> names with their parentheses."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    items.append(current.strip())
    last = items.pop()
    head, sep, tail = last.rpartition(" et ")
    items += [head, tail] if sep and "(" not in tail else [last]
    merged: list[str] = []
    for item in items:  # the seed's stray comma: "Nouvelle-Zélande, (au nom du ...)"
        if item.startswith("(") and merged:
            merged[-1] += f" {item}"
        else:
            merged.append(item)
    return [re.sub(r"\s+", " ", i).strip() for i in merged if i]


def after_colon(text: str) -> str:
    return text.split(" : ", 1)[1].rstrip(".").strip()


def without_article(name: str) -> str:
    return re.sub(r"^(la |le |les |l’)", "", name)


@pytest.fixture
def demo(any_db_app):
    loader.load(db.session)
    db.session.commit()
    return db.session


def test_the_report_step_records_no_statement(any_db_app):
    from confmgr.registry import demo as registry_demo
    from confmgr.report import demo as report_demo
    from confmgr.speakers import services as speakers

    facts = loader.data()
    registry_demo.load(db.session, facts)
    counts = report_demo.load(db.session, facts)
    db.session.commit()
    assert counts == {"report documentation entries": len(facts["documents"])}
    assert speakers.statements(db.session) == []


def generated(session, lang="fr"):
    report = services.build(session, SYSTEM, lang)
    paragraphs = {int(b.label.rstrip(".")): flat(b.full_text) for b in report.blocks if b.kind == "para"}
    return report, paragraphs


def test_french_report_reproduces_the_seed_facts(demo):
    seed = seed_text()
    ours_report, ours = generated(demo, "fr")
    theirs = seed_paragraphs(seed)
    assert len(theirs) == 16 and sorted(ours) == list(range(1, 17))

    # General debate: every State, in the seed's order, with the seven "on behalf of" mentions.
    seed_states = split_names(after_colon(theirs[12].split(". Des déclarations")[0]))
    our_states = split_names(after_colon(ours[12].split(". Des déclarations")[0]))
    assert our_states == seed_states
    assert sum("au nom" in s for s in our_states) == 7
    assert "Saint-Siège" in ours[12] and "Union européenne" in ours[12]

    # Bureau: the President and the 13 Vice-Presidents.
    flat_seed = flat(seed)
    vp_seed = flat_seed.split("Vice-Présidents :", 1)[1].split(" E. Documentation")[0].split()
    vp_seed = re.findall(r"[A-ZÉ][\w\-é]*(?: [a-zé][\w\-é]*)*", " ".join(vp_seed))
    blocks = ours_report.blocks
    start = next(i for i, b in enumerate(blocks) if b.text.startswith("Vice-Présidents"))
    our_vps = []
    for b in blocks[start + 1:]:
        if b.kind != "line":
            break
        our_vps.append(plain_spaces(b.text))
    assert len(our_vps) == 13 and our_vps == vp_seed
    assert "U. Joy Ogwu (Nigéria)" in flat_seed and any(b.text == "U. Joy Ogwu (Nigéria)" for b in blocks)

    # Credentials Committee: nine members, in the seed's order.
    def committee(text):
        return [without_article(n) for n in split_names(text.split("a désigné ", 1)[1].split(" pour siéger")[0])]
    assert committee(ours[10]) == committee(theirs[10]) and len(committee(theirs[10])) == 9

    # IGOs (8) and NGOs (6) in the order heard.
    for n, count in ((13, 8), (14, 6)):
        seed_list = after_colon(theirs[n]).split(". ")[0]
        assert after_colon(ours[n]) == seed_list
        assert seed_list.count(", ") + 2 == count  # "A, B, ... G et H"

    # Agenda: 16 items with the sub-items of item 10.
    agenda_seed = flat_seed.split("comme suit :", 1)[1].split(" D. Bureau")[0]
    seed_items = re.findall(r"(?:^|\s)(\d{1,2})\. ([^.]+?)(?: :|\.)(?=\s|$)", agenda_seed)
    our_items = [(b.label.rstrip("."), plain_spaces(b.text)) for b in blocks
                 if b.kind == "item" and (b.key or "").startswith("agenda.") and b.level == 1]
    assert [n for n, _ in seed_items] == [str(i) for i in range(1, 17)]
    assert our_items == [(n, t.strip()) for n, t in seed_items]
    subs = [plain_spaces(b.text) for b in blocks if (b.key or "").startswith("agenda.10")][1:]
    assert subs == re.findall(r"[ab]\) ([^;.]+)", agenda_seed)

    # Documentation: 16 entries a) to p), each symbol of the seed cited, footnote 1 kept.
    doc_seed = flat_seed.split("documents ci-après :", 1)[1].split(" III. Pouvoirs")[0]
    seed_letters = re.findall(r"(?:^|\s)([a-p])\) ", doc_seed)
    docs = [b for b in blocks if (b.key or "").startswith("documentation.")]
    assert len(docs) == len(seed_letters) == 16
    assert [b.label.rstrip(")") for b in docs] == seed_letters
    our_docs = " ".join(flat(b.full_text) for b in docs)
    for symbol in set(re.findall(r"A/CONF\.192/2012/RC/[A-Z]*[./\d]*\d", doc_seed)):
        assert symbol in our_docs, symbol
    assert "et Rev.1 à 3" in our_docs
    assert sum(1 in b.footnotes for b in docs) == 6
    assert ours_report.footnotes[0][1].replace("\u00a0", " ") in flat_seed

    # Meetings and dates as the seed gives them.
    meeting = r"\d+(?:re|e)(?: (?:et|à) \d+e)? séances?, (?:le|les|du) [^,]+?(?=,)"
    for n in (6, 11, 13, 14, 15, 16):
        assert re.findall(meeting, theirs[n]) == re.findall(meeting, ours[n]), n
    assert "du 27 au 29 août" in ours[12] and "du 27 au 29 août" in theirs[12]
    assert "le 27 août" in ours[7] and "le 27 août" in theirs[7]
    assert "du 27 août au 7 septembre 2012" in ours[5] and "du 27 août au 7 septembre 2012" in theirs[5]
    assert "(voir annexes I et II)" in ours[16]


def test_english_report(demo):
    report, paras = generated(demo, "en")
    assert paras[6].startswith("At its 1st meeting, on 27 August,")
    assert "from 27 August to 7 September 2012" in paras[5]
    assert "on behalf of the Group of African States and in its national capacity" in paras[12]
    names = [s.split(" (")[0] for s in re.split(r", (?![^(]*\))", paras[12].split(": ", 1)[1].split(". Statements")[0])]
    names[-1:] = names[-1].rsplit(" and ", 1)
    def folded(name):
        return unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode().casefold()
    assert names == sorted(names, key=folded) and names[0] == "Algeria" and "United States of America" in names
    assert names.index("Germany") > names.index("France") and len(names) == 66
    assert "At its 14th meeting, on 7 September," in paras[11]
    assert "At its 6th to 13th meetings, from 29 August to 7 September" in paras[15]
    assert any(b.text == "Vice-Presidents:" for b in report.blocks)
    assert report.footnotes[0][1] == "Available from www.poa-iss.org/RevCon2/documents."


def test_edits_are_kept_flagged_reverted_and_refused_when_bad(demo):
    services.edit_paragraph(demo, SYSTEM, "fr", "organization.rules", "La Conférence a adopté son règlement : oui")
    demo.commit()
    block = next(b for b in services.build(demo, SYSTEM, "fr").blocks if b.key == "organization.rules")
    assert block.edited and not block.stale and block.text == "La Conférence a adopté son règlement\u00a0: oui"
    assert next(b for b in services.build(demo, SYSTEM, "en").blocks if b.key == "organization.rules").edited is False
    # The record changes: the rules were adopted at another meeting. The edit stays, flagged.
    from confmgr.procedure.models import Decision
    from confmgr.registry.models import Meeting
    from sqlalchemy import select
    decision = demo.scalar(select(Decision).where(Decision.subject == "rules_of_procedure"))
    decision.meeting_id = demo.scalar(select(Meeting.id).where(Meeting.number == 2))
    demo.commit()
    block = next(b for b in services.build(demo, SYSTEM, "fr").blocks if b.key == "organization.rules")
    assert block.edited and block.stale and "2e séance" in block.generated
    services.revert_paragraph(demo, SYSTEM, "fr", "organization.rules")
    demo.commit()
    block = next(b for b in services.build(demo, SYSTEM, "fr").blocks if b.key == "organization.rules")
    assert not block.edited and block.text.startswith("À sa 2e séance")
    with pytest.raises(NotFound):
        services.edit_paragraph(demo, SYSTEM, "fr", "no.such.paragraph", "x")
    with pytest.raises(InvalidInput):
        services.edit_paragraph(demo, SYSTEM, "fr", "organization.rules", "   ")
    with pytest.raises(InvalidInput):
        services.edit_paragraph(demo, SYSTEM, "de", "organization.rules", "x")
    with pytest.raises(Forbidden):
        services.edit_paragraph(demo, PUBLIC, "fr", "organization.rules", "x")
    demo.rollback()
    assert services.edits(demo, "fr") == {}
