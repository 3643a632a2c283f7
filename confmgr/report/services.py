"""The report of the conference: the record assembled, worded per language, edited by the secretariat.

`record(session, lang)` gathers what the other domains recorded (conference, agenda, meetings,
decisions, Bureau, credentials, statements heard, documents and the adopted texts) with every name in
the report's language; `build(session, actor, lang)` words it with the language's templates
(templates/report/wording/<lang>.j2) into numbered blocks and applies the secretariat's edits.

Who may read: anyone signed in reads the draft; once the conference has adopted its report (a
decision on the subject "report") it is a document of General distribution and the public reads it
too. Only the secretariat edits paragraphs and the report's settings.
"""
from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.core import audit
from confmgr.core import lang as L
from confmgr.core.actor import Actor, Role
from confmgr.core.errors import Forbidden, InvalidInput, NotFound
from confmgr.core.permissions import require
from confmgr.drafts import services as drafts
from confmgr.drafts.structure import int_to_roman, label_of
from confmgr.registry import services as registry
from confmgr.registry.models import Document, Meeting, Participant
from confmgr.report import rules
from confmgr.report.models import AddedParagraph, ParagraphEdit, ReportSettings
from confmgr.report.rules import Block, Footnotes, Report

LANGUAGES = ("fr", "en")
FORMATS = ("html", "text", "docx")
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
MAX_PARAGRAPH = 20_000
FACT_KEYS = {"president_form": ("f", "m"), "credentials_rule": None, "resolution_paragraph": None}


# --- access ------------------------------------------------------------------------------------------

def adopted(session: Session) -> bool:
    from confmgr.procedure.models import Decision

    return session.scalar(select(Decision.id).where(Decision.subject == "report",
                                                    Decision.result == "adopted").limit(1)) is not None


def check_can_read(session: Session, actor: Actor) -> None:
    if actor.role is Role.PUBLIC and not adopted(session):
        raise Forbidden("the draft report is read by signed-in users until the conference adopts it")


def _language(lang: Any) -> str:
    if lang not in LANGUAGES:
        raise InvalidInput(f"lang: {lang!r} is not one of {', '.join(LANGUAGES)}")
    return lang


# --- settings -----------------------------------------------------------------------------------------

def settings(session: Session) -> ReportSettings:
    row = session.scalar(select(ReportSettings).order_by(ReportSettings.id).limit(1))
    return row if row is not None else ReportSettings(documentation=None, facts={})


def _settings_snapshot(row: ReportSettings) -> dict:
    return {"documentation": row.documentation, "facts": dict(row.facts or {})}


def _documentation_entry(raw: Any, index: int) -> dict:
    where = f"documentation[{index}]"
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: an object with title_fr, title_en, symbols")
    entry: dict = {}
    for name in ("title_fr", "title_en", "note_fr", "note_en", "footnote_fr", "footnote_en"):
        value = raw.get(name) or ""
        if not isinstance(value, str) or len(value) > 2000:
            raise InvalidInput(f"{where}.{name}: text of at most 2000 characters")
        entry[name] = value.strip()
    symbols = raw.get("symbols") or []
    if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
        raise InvalidInput(f"{where}.symbols: a list of document symbols")
    entry["symbols"] = [registry.parse_or_refuse(s).text for s in symbols]
    if not entry["title_fr"] and not entry["title_en"] and not entry["symbols"]:
        raise InvalidInput(f"{where}: a title or a symbol is required")
    return entry


def _addressee_setting(value: Any) -> Any:
    """null, a known body (general_assembly, meeting_of_states_parties, or its name), or the body's
    name per language ({"en": "the Review Conference", "fr": "la Conférence d’examen"})."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        folded = re.sub(r"[\s-]+", "_", value.strip().casefold().removeprefix("the "))
        if folded in ADDRESSEES:
            return folded
        return _addressee_setting({"en": value, "fr": value})
    if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
        names = {}
        for lang, name in value.items():
            if not isinstance(name, str) or not name.strip() or len(name) > 200:
                raise InvalidInput(f"addressee.{lang}: the name of the body, at most 200 characters",
                                   field=f"addressee.{lang}")
            names[lang] = re.sub(r"\s+", " ", name).strip()
        return names
    raise InvalidInput(f"addressee: null, one of {', '.join(ADDRESSEES)}, or the body's name per language "
                       "({\"en\": ..., \"fr\": ...})", field="addressee")


def settings_json(row: ReportSettings) -> dict:
    facts = dict(row.facts or {})
    return {"documentation": row.documentation, "facts": facts,
            "addressee": facts.get("addressee", DEFAULT_ADDRESSEE),
            "high_level_debate": facts.get("high_level_debate", True)}


def _documentation_setting(documentation: Any) -> list | None:
    if documentation is not None and not isinstance(documentation, list):
        raise InvalidInput("documentation: a list of entries or null", field="documentation")
    return None if documentation is None else [_documentation_entry(e, i) for i, e in enumerate(documentation)]


def _merged_facts(merged: dict, facts: Any) -> dict:
    """The stored facts with these changed (None removes one)."""
    if not isinstance(facts, dict):
        raise InvalidInput("facts: an object", field="facts")
    unknown = set(facts) - set(FACT_KEYS)
    if unknown:
        raise InvalidInput(f"facts: unknown key(s) {', '.join(sorted(unknown))}", field="facts")
    for name, value in facts.items():
        allowed = FACT_KEYS[name]
        if value is None:
            merged.pop(name, None)
        elif allowed and value not in allowed:
            raise InvalidInput(f"facts.{name}: one of {', '.join(allowed)}", field=f"facts.{name}")
        elif not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > 20:
            raise InvalidInput(f"facts.{name}: a short text or number", field=f"facts.{name}")
        else:
            merged[name] = value
    return merged


def save_settings(session: Session, actor: Actor, *, documentation: Any = ..., facts: Any = ...,
                  addressee: Any = ..., high_level_debate: Any = ...) -> ReportSettings:
    """Set the list of documentation (a list of entries, or None to derive it from the registry),
    the report's facts (president_form 'f'|'m', credentials_rule, resolution_paragraph), the body the
    report goes to (`addressee`, None for none) and whether the general debate was high-level."""
    require(actor, "report.edit")
    row = session.scalar(select(ReportSettings).order_by(ReportSettings.id).limit(1))
    before = _settings_snapshot(row) if row else None
    if row is None:
        row = ReportSettings(documentation=None, facts={})
        session.add(row)
    if documentation is not ...:
        row.documentation = _documentation_setting(documentation)
    merged = dict(row.facts or {})
    if facts is not ...:
        merged = _merged_facts(merged, facts)
    if addressee is not ...:
        merged["addressee"] = _addressee_setting(addressee)
    if high_level_debate is not ...:
        if not isinstance(high_level_debate, bool):
            raise InvalidInput("high_level_debate: true or false", field="high_level_debate")
        merged["high_level_debate"] = high_level_debate
    row.facts = merged
    session.flush()
    audit.record(session, actor, "report.settings", "report_settings", row.id, before=before,
                 after=_settings_snapshot(row))
    return row


# --- edits --------------------------------------------------------------------------------------------

def _edit(session: Session, key: str, lang: str) -> ParagraphEdit | None:
    return session.scalar(select(ParagraphEdit).where(ParagraphEdit.key == key, ParagraphEdit.lang == lang))


def edits(session: Session, lang: str) -> dict[str, ParagraphEdit]:
    return {e.key: e for e in session.scalars(select(ParagraphEdit).where(ParagraphEdit.lang == lang))}


def _generated_block(session: Session, lang: str, key: Any) -> Block:
    if not isinstance(key, str) or not key:
        raise InvalidInput("key: the paragraph's key is required")
    block = next((b for b in compose(session, lang).blocks if b.key == key), None)
    if block is None:
        raise NotFound(f"no paragraph {key!r} in the report")
    return block


def edit_paragraph(session: Session, actor: Actor, lang: Any, key: Any, text: Any) -> ParagraphEdit:
    """Keep the secretariat's wording of one paragraph, with the generated text it replaces."""
    require(actor, "report.edit")
    lang = _language(lang)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text: the paragraph's text is required (revert to go back to the generated text)")
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_PARAGRAPH:
        raise InvalidInput(f"text: at most {MAX_PARAGRAPH} characters")
    if lang == "fr":
        text = L.french_typography(text)
    generated = _generated_block(session, lang, key).full_text
    row = _edit(session, key, lang)
    before = {"text": row.text, "generated": row.generated} if row else None
    if row is None:
        row = ParagraphEdit(key=key, lang=lang, text=text, generated=generated, edited_by=actor.label,
                            edited_by_id=actor.user_id)
        session.add(row)
    row.text, row.generated, row.edited_by, row.edited_by_id = text, generated, actor.label, actor.user_id
    session.flush()
    audit.record(session, actor, "report.edit", "report_paragraph", f"{lang}:{key}", before=before,
                 after={"text": text, "generated": generated})
    return row


ADDED_PREFIX = "added."


def added_paragraphs(session: Session, lang: str) -> list[AddedParagraph]:
    return list(session.scalars(select(AddedParagraph).where(AddedParagraph.lang == lang).order_by(AddedParagraph.id)))


def add_paragraph(session: Session, actor: Actor, lang: Any, text: Any, *, after: Any = None) -> AddedParagraph:
    """A paragraph of the secretariat's own, after the paragraph `after` (None: at the end of the report
    proper, before the annexes); numbered with the others."""
    require(actor, "report.edit")
    lang = _language(lang)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text: the paragraph's text is required", field="text")
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_PARAGRAPH:
        raise InvalidInput(f"text: at most {MAX_PARAGRAPH} characters", field="text")
    if lang == "fr":
        text = L.french_typography(text)
    if after in ("", None):
        after = None
    elif not isinstance(after, str) or not any(b.key == after for b in compose(session, lang).blocks):
        raise InvalidInput(f"after: no paragraph {after!r} in the report", field="after")
    row = AddedParagraph(lang=lang, after=after, text=text, added_by=actor.label)
    session.add(row)
    session.flush()
    audit.record(session, actor, "report.add", "report_paragraph", f"{lang}:{ADDED_PREFIX}{row.id}",
                 after={"text": text, "after": after})
    return row


def _insert_added(session: Session, lang: str, blocks: list[Block]) -> None:
    """Place the added paragraphs, then number every paragraph of the report proper again."""
    anchors: dict[str, str | None] = {}
    for added in added_paragraphs(session, lang):
        block = Block("para", added.text, key=f"{ADDED_PREFIX}{added.id}")
        anchors[block.key] = added.after
        at = next((i for i, b in enumerate(blocks) if b.key == added.after), None) if added.after else None
        if at is None:  # at the end of the report proper (also when its anchor is no longer generated)
            at = next((i for i, b in enumerate(blocks) if b.kind == "annex_title" and b.level == 0), len(blocks))
        else:
            at += 1
            # after paragraphs added earlier behind the same anchor, and after the items of a list
            while at < len(blocks) and (blocks[at].kind in ("item", "line")
                                        or anchors.get(blocks[at].key or "", "") == added.after):
                at += 1
        blocks.insert(at, block)
    number = 0
    for b in blocks:
        if b.kind == "para":
            number += 1
            b.label = f"{number}."


def revert_paragraph(session: Session, actor: Actor, lang: Any, key: Any) -> None:
    """Drop the secretariat's wording: the paragraph shows the generated text again. An added
    paragraph without an edit is removed."""
    require(actor, "report.edit")
    lang = _language(lang)
    row = _edit(session, key, lang) if isinstance(key, str) else None
    if row is None and isinstance(key, str) and key.startswith(ADDED_PREFIX) and key[len(ADDED_PREFIX):].isdigit():
        added = session.get(AddedParagraph, int(key[len(ADDED_PREFIX):]))
        if added is not None and added.lang == lang:
            audit.record(session, actor, "report.remove", "report_paragraph", f"{lang}:{key}",
                         before={"text": added.text, "after": added.after})
            session.delete(added)
            session.flush()
            return
    if row is None:
        raise NotFound(f"paragraph {key!r} ({lang}) has no edit to revert")
    audit.record(session, actor, "report.revert", "report_paragraph", f"{lang}:{key}",
                 before={"text": row.text, "generated": row.generated})
    session.delete(row)
    session.flush()


# --- the record ---------------------------------------------------------------------------------------

def _name(p: Participant | None, lang: str) -> str:
    return "" if p is None else (p.name_en or p.name_fr) if lang == "en" else p.name_fr


def _article(p: Participant, lang: str) -> str:
    return p.article_fr if lang == "fr" else p.article_en


def _articled(p: Participant, lang: str) -> str:
    """The name with the article its data gives: 'the Niger', 'Nigeria', 'la Chine'."""
    return L.with_article(_name(p, lang), lang, _article(p, lang))


def _sort_key(lang: str):
    return L.collation_key if lang == "fr" else L.english_key


def _meetings(session: Session) -> dict[int, Meeting]:
    return {m.number: m for m in registry.list_meetings(session)}


def _decisions(session: Session) -> dict[str, Any]:
    from confmgr.procedure.models import Decision

    found: dict[str, Any] = {}
    for d in session.scalars(select(Decision).where(Decision.result.in_(("adopted", "elected")))
                             .order_by(Decision.id)):
        found.setdefault(d.subject, d)
    return found


def _decision_json(d, meetings: dict[int, Meeting] | None = None) -> dict | None:
    if d is None:
        return None
    return {"id": d.id, "meeting": d.meeting.number, "date": d.meeting.date, "how": d.how,
            "documents": list(d.documents or []), "result": d.result, "yes": d.yes, "no": d.no,
            "abstain": d.abstain, "required": d.required, "threshold": d.threshold,
            "subject": d.subject, "text": d.text or ""}


# Subjects the report words in their own paragraphs; every other plenary decision gets one of its own.
COVERED_SUBJECTS = ("agenda", "rules_of_procedure", "appointment_of_credentials_committee",
                    "confirmation_of_secretary_general", "credentials_report", "final_documents", "report",
                    "election_of_president")
RECORDED_KINDS = ("recorded", "roll_call")


def _other_decisions(session: Session, lang: str, covered: set[int]) -> list[dict]:
    """Plenary decisions no other paragraph words (proposals, motions, rejected ones...), in order."""
    from confmgr.procedure.models import Decision

    rows = session.scalars(select(Decision).join(Meeting, Decision.meeting_id == Meeting.id)
                           .where(Meeting.kind == "plenary").order_by(Meeting.number, Decision.id))
    out = []
    for d in rows:
        if d.id in covered or d.subject.startswith("election_"):
            continue
        entry = _decision_json(d)
        if d.threshold:
            from confmgr.procedure.rules import threshold_words

            words = threshold_words(d.threshold, lang)
            entry["threshold_words"] = words[:1].lower() + words[1:]
        out.append(entry)
    return out


def _vote_annexes(session: Session, lang: str, decisions: list[dict], *, first_number: int) -> list[dict]:
    """How each delegation voted, for every recorded or roll-call vote among `decisions` (one annex each)."""
    from confmgr.procedure.models import Decision, Vote

    out = []
    for entry in decisions:
        decision = session.get(Decision, entry["id"])
        vote = session.get(Vote, decision.vote_id) if decision.vote_id else None
        if vote is None or vote.kind not in RECORDED_KINDS:
            continue
        names = {pos: sorted((_name(e.participant, lang) for e in vote.entries if e.position == pos),
                             key=_sort_key(lang)) for pos in ("yes", "no", "abstain")}
        number = int_to_roman(first_number + len(out)).upper()
        entry["annex"] = number
        out.append({"number": number, "kind": vote.kind, "decision": entry, "in_favour": names["yes"],
                    "against": names["no"], "abstaining": names["abstain"]})
    return out


def _elections(session: Session, lang: str) -> list[dict]:
    """Elections decided by secret ballot, with every ballot: counts, restricted ballots, the winners."""
    from confmgr.bureau import services as bureau

    out = []
    for election in bureau.list_elections(session):
        if election.method != "secret_ballot" or not election.rounds:
            continue
        cands = {c.id: c for c in bureau.candidacies(session, election.office)}

        def name(cid: Any, cands=cands) -> str:
            c = cands.get(int(cid))
            if c is None:
                return str(cid)
            state = _name(c.participant, lang)
            return f"{c.person} ({state})" if c.person else state

        rounds = []
        for r in election.rounds:
            rounds.append({"number": r.number, "restricted": r.restricted, "ballots_cast": r.ballots_cast,
                           "invalid": r.invalid, "abstentions": r.abstentions,
                           "present_and_voting": r.outcome.get("present_and_voting"),
                           "required": r.outcome.get("required"),
                           "candidates": [name(c) for c in r.candidates],
                           "votes": [(name(k), v) for k, v in sorted(r.counts.items(), key=lambda kv: (-kv[1], kv[0]))],
                           "elected": [name(c) for c in r.outcome.get("elected", [])],
                           "drawn": [name(c) for c in r.outcome.get("drawn", [])]})
        title = election.office.title(lang)
        out.append({"key": election.office.key, "office": title, "seats": election.seats,
                    "meeting": election.meeting.number, "date": election.meeting.date, "rounds": rounds,
                    "elected": [name(c) for r in election.rounds
                                for c in r.outcome.get("elected", []) + r.outcome.get("drawn", [])]})
    return out


# The body a report goes to, as the report names it: (in the heading, in the closing paragraph).
ADDRESSEES = {
    "general_assembly": {"en": ("the General Assembly", "the General Assembly"),
                         "fr": ("l’Assemblée générale", "l’Assemblée")},
    "meeting_of_states_parties": {"en": ("the Meeting of States Parties", "the Meeting of States Parties"),
                                  "fr": ("la Réunion des États parties", "la Réunion des États parties")},
}
DEFAULT_ADDRESSEE = "general_assembly"


def _addressee(facts: dict, lang: str) -> dict | None:
    value = facts.get("addressee", DEFAULT_ADDRESSEE)
    if value is None:
        return None
    if isinstance(value, str):
        full, short = ADDRESSEES[value][lang]
    else:
        full = short = value.get(lang) or value.get("en") or value.get("fr")
    return {"full": full, "short": short}


def default_symbol(session: Session, prefix: str) -> str:
    """The next free numbered document of the conference (<prefix>/4 after /1, /2 and /3): a symbol
    the registry's own rules accept."""
    from confmgr.credentials.models import CommitteeReport

    taken = set(session.scalars(select(Document.symbol))) | set(session.scalars(select(CommitteeReport.symbol)))
    numbers = [int(m.group(1)) for t in taken if (m := re.fullmatch(re.escape(prefix) + r"/(\d+)", t))]
    return registry.parse_or_refuse(f"{prefix}/{max(numbers, default=0) + 1}").text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _documentation(session: Session, lang: str, row: ReportSettings) -> list[dict]:
    """Entries of section II.E: from the report's settings, or each registered family by position."""
    if row.documentation is not None:
        entries = row.documentation
    else:
        docs = session.scalars(select(Document).where(Document.revision == 0)
                               .order_by(Document.position.is_(None), Document.position, Document.symbol))
        entries = []
        for d in docs:
            symbols = [v.symbol for v in registry.family(session, d.base_symbol)]
            entries.append({"title_fr": d.title("fr"), "title_en": d.title("en"), "symbols": symbols,
                            "footnote_fr": d.note or "", "footnote_en": ""})
    out = []
    for e in entries:
        title = e.get(f"title_{lang}") or e.get("title_fr") or e.get("title_en") or ""
        if not title and e.get("symbols"):
            doc = registry.find_document(session, e["symbols"][0])
            title = doc.title(lang) if doc else ""
        out.append({"title": title, "symbols": rules.family_text(e.get("symbols") or [], lang) if e.get("symbols") else "",
                    "note": e.get(f"note_{lang}") or "", "footnote": e.get(f"footnote_{lang}") or e.get("footnote_fr") or ""})
    return out


def _statements(session: Session, lang: str, kinds: tuple[str, ...]) -> list:
    from confmgr.speakers.models import Statement

    return list(session.scalars(select(Statement).where(Statement.list_kind.in_(kinds), Statement.kind == "statement")
                                .order_by(Statement.meeting_id, Statement.started_at, Statement.id)))


def _debate(session: Session, lang: str) -> dict:
    statements = _statements(session, lang, ("states",))
    by_state: dict[int, dict] = {}
    others: dict[int, dict] = {}
    meetings: set[Meeting] = set()
    for s in statements:
        meetings.add(s.meeting)
        p = s.participant
        target = by_state if p.is_state else others
        entry = target.setdefault(p.id, {"participant": p, "name": _name(p, lang), "groups": [], "national": False})
        if s.on_behalf_of is not None:
            behalf = s.on_behalf_of.behalf_en if lang == "en" else s.on_behalf_of.behalf_fr
            behalf = behalf or (("on behalf of " if lang == "en" else "au nom de ") + s.on_behalf_of.display(lang))
            if behalf not in entry["groups"]:
                entry["groups"].append(behalf)
        else:
            entry["national"] = True
    states = sorted(by_state.values(), key=lambda e: _sort_key(lang)(e["name"]))
    for e in states:
        e["text"] = e["name"]
        if e["groups"]:
            parts = list(e["groups"]) + ([("in its national capacity" if lang == "en" else "au nom de son pays")]
                                         if e["national"] else [])
            e["text"] += f" ({L.join_list(parts, lang)})"
    speakers = []
    for e in sorted(others.values(), key=lambda e: (e["participant"].kind != "holy_see", e["name"])):
        p = e["participant"]
        name = _name(p, lang)
        if lang == "fr":
            who = "le représentant" if p.kind == "holy_see" else "l’observateur"
            speakers.append(f"{who} {L.of_name_fr(name, p.article_fr)}")
        else:
            who = "the representative of" if p.kind == "holy_see" else "the observer for"
            speakers.append(f"{who} {_articled(p, 'en')}")
    return {"meetings": sorted(meetings, key=lambda m: m.number), "states": states, "others": speakers}


def _organizations(session: Session, lang: str, kind: str) -> dict:
    statements = _statements(session, lang, (kind,))
    names: list[str] = []
    meetings: set[Meeting] = set()
    for s in statements:
        meetings.add(s.meeting)
        name = _name(s.participant, lang)
        if name not in names:
            names.append(name)
    return {"meetings": sorted(meetings, key=lambda m: m.number), "names": names}


def _bureau(session: Session, lang: str, feminine_president: bool) -> list[dict]:
    from confmgr.bureau import services as bureau

    offices = []
    for office in bureau.list_offices(session):
        if not office.holders:
            continue
        title = office.title(lang)
        feminine = office.key == "president" and feminine_president
        if feminine and lang == "fr" and title.endswith("Président"):
            title += "e"
        if len(office.holders) > 1:
            title = re.sub(r"(?<=[^s])$", "s", title)
        holders = []
        for h in office.holders:
            state = _name(h.participant, lang)
            holders.append(f"{h.person} ({state})" if h.person else state)
        if len(holders) > 1:
            holders.sort(key=_sort_key(lang))
        offices.append({"key": office.key, "title": title, "holders": holders})
    return offices


def _appointments(session: Session, lang: str) -> dict:
    from confmgr.bureau import services as bureau

    facilitators, moderators, by = [], [], ""
    for a in bureau.list_appointments(session):
        state = _name(a.participant, lang)
        entry = {"person": a.person, "state": state, "topic": a.topic(lang),
                 "label": f"{a.person} ({state})" if state else a.person}
        if a.role == "facilitator":
            facilitators.append(entry)
            by = by or (a.appointed_by_en if lang == "en" else a.appointed_by_fr)
        elif a.role == "moderator":
            moderators.append(entry)
    return {"facilitators": facilitators, "moderators": moderators, "appointed_by": by}


def _credentials(session: Session, lang: str, facts: dict, rules_document: str | None) -> dict | None:
    from confmgr.credentials import services as credentials
    from confmgr.procedure.models import RuleOfProcedure

    members = credentials.members(session)
    if not members:
        return None
    names = sorted(((_name(m.participant, lang), _article(m.participant, lang)) for m in members),
                   key=lambda pair: _sort_key(lang)(pair[0]))
    rule = facts.get("credentials_rule")
    if rule is None:
        found = session.scalar(select(RuleOfProcedure).where(RuleOfProcedure.title_en.ilike("%credentials committee%"))
                               .order_by(RuleOfProcedure.position).limit(1))
        rule = found.number if found else None
    ga = credentials.settings(session).aligned_with_ga_session
    report = credentials.current_report(session)
    adoption = None
    if report is not None and report.conference_meeting is not None:
        meeting = registry.get_meeting(session, report.conference_meeting)
        paragraph = facts.get("resolution_paragraph")
        adoption = {"meeting": meeting.number, "date": meeting.date, "how": report.conference_how,
                    "symbol": report.symbol, "paragraph": paragraph}
    return {"members": [L.with_article(n, lang, a) for n, a in names], "rule": rule, "rules_document": rules_document,
            "ga_session": L.ordinal_words(ga, lang, feminine=True) if ga else None, "adoption": adoption,
            "findings": _credentials_findings(session, lang)}


def _credentials_findings(session: Session, lang: str) -> dict:
    """What the record holds on objections: each one and how it was decided."""
    from confmgr.credentials import rules as credentials_rules
    from confmgr.credentials import services as credentials

    tally = credentials.current_tally(session, lang)
    objections = [credentials_rules.objection_sentence(e, lang) for e in tally.objections]
    return {"all_in_order": not (tally.challenged or tally.rejected or tally.objections),
            "objections": objections}


def _annexes(session: Session, lang: str, decision) -> list[dict]:
    out = []
    if decision is None:
        return out
    for number, symbol in enumerate(decision.documents or [], start=1):
        doc = registry.find_document(session, symbol)
        if doc is None:
            continue
        latest = drafts.latest(session, doc.base_symbol) or doc
        if not latest.tree:
            continue
        out.append({"number": int_to_roman(number).upper(), "doc": latest,
                    "tree": drafts.parsed(latest), "title": latest.title(lang)})
    return out


def _president(session: Session, lang: str, feminine: bool) -> dict | None:
    from confmgr.bureau import services as bureau

    holder = next((h for o in bureau.list_offices(session) if o.key == "president" for h in o.holders), None)
    if holder is None:
        return None
    candidacy = next((c for c in bureau.candidacies(session) if c.office.key == "president"
                      and c.participant_id == holder.participant_id), None)
    state = holder.participant
    return {"person": holder.person, "state": _name(state, lang),
            "of_state": (L.of_name_fr(_name(state, "fr"), state.article_fr) if lang == "fr"
                         else "of " + _articled(state, "en")),
            "feminine": feminine,
            "recommended": candidacy is not None and bool(candidacy.recommended_by_fr or candidacy.recommended_by_en)}


def _preparatory(details: dict, lang: str) -> dict | None:
    prep = details.get("preparatory_committee") or {}
    if not prep.get("dates"):
        return None
    return {"start": date.fromisoformat(prep["dates"][0]), "end": date.fromisoformat(prep["dates"][-1]),
            "venue": prep.get(f"venue_{lang}") or prep.get("venue_fr", ""), "report": prep.get("report"),
            "decision": prep.get("decision_president")}


def _opening(details: dict, meetings: dict[int, Meeting], lang: str) -> dict:
    opening_date = details.get("opening_date")
    first = meetings.get(min(meetings)) if meetings else None
    return {"date": date.fromisoformat(opening_date) if opening_date else (first.date if first else None),
            "by": details.get(f"opened_by_{lang}") or "",
            "meeting": first.number if first else None,
            "speakers": [s.get(f"speaker_{lang}") or "" for s in details.get("opening_statements", [])]}


def _secretary_general(details: dict, lang: str) -> dict | None:
    sg = details.get("secretary_general") or {}
    if not sg.get("name"):
        return None
    return {"name": sg.get("name"), "office": sg.get(f"office_{lang}"), "title": sg.get(f"title_{lang}")}


def _negotiation(meetings: dict[int, Meeting], final) -> list[Meeting]:
    """The meetings before the adoption of the final documents that took up their agenda item."""
    if final is None:
        return []
    item = (final.agenda_item or "").replace(" ", "")
    return sorted((m for m in meetings.values() if m.number < final.meeting.number
                   and any(a.label.replace(" ", "") == item for a in m.agenda_items)), key=lambda m: m.number)


def _rules_document(session: Session, decisions: dict[str, Any]) -> str | None:
    from confmgr.procedure import services as procedure

    document = procedure.settings_dict(session).get("document")
    adopted_rules = decisions.get("rules_of_procedure")
    if document is None and adopted_rules is not None and adopted_rules.documents:
        document = adopted_rules.documents[0]
    return document


def record(session: Session, lang: str) -> dict:
    """Everything the report says, with names in `lang`; no wording yet. Each part comes from one step."""
    conf = registry.get_conference(session)
    if conf is None:
        raise NotFound("no conference is set up yet")
    details = conf.details or {}
    row = settings(session)
    facts = dict(row.facts or {})
    meetings = _meetings(session)
    decisions = _decisions(session)
    president_feminine = facts.get("president_form") == "f"
    final = decisions.get("final_documents")
    annexes = _annexes(session, lang, final)
    covered = {d.id for d in decisions.values() if d.subject in COVERED_SUBJECTS}
    others = _other_decisions(session, lang, covered)
    final_json = _decision_json(final, meetings)
    report_json = _decision_json(decisions.get("report"), meetings)
    vote_annexes = _vote_annexes(session, lang, [d for d in (*others, final_json, report_json) if d],
                                 first_number=len(annexes) + 1)
    return {
        "lang": lang,
        "symbol": details.get("report_symbol") or default_symbol(session, conf.symbol_prefix),
        "title": conf.title(lang),
        "short_title": conf.short_title(lang),
        "venue": conf.venue_en if lang == "en" else conf.venue_fr,
        "start": conf.start_date, "end": conf.end_date,
        "mandates": [{"resolution": m.get("resolution"), "summary": m.get(f"summary_{lang}") or m.get("summary_fr", "")}
                     for m in details.get("mandates", [])],
        "preparatory": _preparatory(details, lang),
        "president": _president(session, lang, president_feminine),
        "appointments": _appointments(session, lang),
        "opening": _opening(details, meetings, lang),
        "president_election": _decision_json(decisions.get("election_of_president"), meetings),
        "secretary_general": _secretary_general(details, lang),
        "list_of_participants": details.get("list_of_participants"),
        "rules": _decision_json(decisions.get("rules_of_procedure"), meetings),
        "agenda_decision": _decision_json(decisions.get("agenda"), meetings),
        "agenda": [{"number": a.number, "title": a.title(lang),
                    "subitems": [{"letter": s.letter, "title": s.title(lang)} for s in a.subitems]}
                   for a in registry.list_agenda(session)],
        "bureau": _bureau(session, lang, president_feminine),
        "elections": _elections(session, lang),
        "documentation": _documentation(session, lang, row),
        "credentials": _credentials(session, lang, facts, _rules_document(session, decisions)),
        "debate": {**_debate(session, lang), "high_level": facts.get("high_level_debate", True)},
        "igo": _organizations(session, lang, "igo"),
        "ngo": _organizations(session, lang, "ngo"),
        "negotiation": _negotiation(meetings, final),
        "final": final_json,
        "final_count": len(final.documents or []) if final is not None else None,
        "other_decisions": others,
        "report_decision": report_json,
        "addressee": _addressee(facts, lang),
        "annexes": annexes,
        "vote_annexes": vote_annexes,
    }


# --- wording ------------------------------------------------------------------------------------------

@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False,
                             undefined=jinja2.StrictUndefined)
    return env


def _helpers(lang: str) -> dict:
    def meetings_phrase(numbers: list[int], *, first_ones: bool = True) -> str:
        """'À sa 4e séance' / 'À ses 4e et 5e séances' / 'Au cours de ses cinq premières séances'."""
        numbers = sorted(set(numbers))
        if lang == "fr":
            if len(numbers) == 1:
                return f"À sa {L.meeting_name(numbers[0], 'fr')}"
            if first_ones and numbers == list(range(1, len(numbers) + 1)):
                return f"Au cours de ses {L.number_words(len(numbers), 'fr')} premières séances"
            ords = [L.ordinal(n, "fr", feminine=True) for n in numbers]
            if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
                return f"À ses {ords[0]} à {ords[-1]} séances"
            return f"À ses {L.join_list(ords, 'fr')} séances"
        if len(numbers) == 1:
            return f"At its {L.meeting_name(numbers[0], 'en')}"
        if first_ones and numbers == list(range(1, len(numbers) + 1)):
            return f"At its first {L.number_words(len(numbers), 'en')} meetings"
        ords = [L.ordinal(n, "en") for n in numbers]
        if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"At its {ords[0]} to {ords[-1]} meetings"
        return f"At its {L.join_list(ords, 'en')} meetings"

    def when(meetings: list[Meeting]) -> str:
        days = sorted({m.date for m in meetings})
        if not days:
            return ""
        if len(days) == 1:
            return ("le " if lang == "fr" else "on ") + L.day_month(days[0], lang)
        if len(days) == 2:
            return L.days_list(days, lang)
        return L.date_span(days[0], days[-1], lang, year=False)

    def how(decision: dict | None) -> str:
        """The method of a decision in words: by consensus, without a vote, by a recorded vote of 17 to 6..."""
        if not decision:
            return ""
        return rules.method_words(decision["how"], decision.get("yes"), decision.get("no"), decision.get("abstain"),
                                  lang)

    def of_topic(topic: str) -> str:
        if lang == "en":
            return f"for the {topic}"
        return f"de l’{topic}" if topic[:1].casefold() in "aeiouyéèêîô" else f"de {topic}"

    return {"meeting": lambda n: L.meeting_name(n, lang), "day": lambda d: L.day_month(d, lang),
            "full_date": lambda d: L.full_date(d, lang), "span": lambda a, b, year=True: L.date_span(a, b, lang, year=year),
            "join": lambda items: L.join_list(list(items), lang), "meetings_phrase": meetings_phrase, "when": when,
            "how": how, "capital": _capital, "of_topic": of_topic, "ordinal": lambda n: L.ordinal(n, lang),
            "number_words": lambda n: L.number_words(n, lang)}


class _Writer:
    def __init__(self, lang: str, macros) -> None:
        self.lang, self.macros = lang, macros
        self.blocks: list[Block] = []
        self.number = 0
        self.notes = Footnotes()
        self.annex_notes: dict[int, list[tuple[str, str]]] = {}

    def clean(self, text: str) -> str:
        text = re.sub(r"\s+", " ", str(text)).strip()
        return L.french_typography(text) if self.lang == "fr" else text

    def word(self, macro: str, *args) -> str:
        return self.clean(getattr(self.macros, macro)(*args))

    def heading(self, label: str, text: str, level: int = 1) -> None:
        self.blocks.append(Block("heading", self.clean(text), label=label, level=level))

    def para(self, key: str, text: str, footnotes: list[int] | None = None) -> None:
        if not text:
            return
        self.number += 1
        self.blocks.append(Block("para", text, key=key, label=f"{self.number}.", footnotes=footnotes or []))

    def item(self, key: str, label: str, text: str, *, level: int = 1, footnotes=None, tail: str = "") -> None:
        self.blocks.append(Block("item", self.clean(text), key=key, label=label, level=level,
                                 footnotes=footnotes or [], tail=tail))

    def line(self, text: str, level: int = 0, kind: str = "line", key: str | None = None) -> None:
        self.blocks.append(Block(kind, self.clean(text), key=key, level=level))


def _annex_blocks(w: _Writer, annex: dict, roman: str) -> None:
    lang = w.lang
    w.blocks.append(Block("annex_title", f"{'Annexe' if lang == 'fr' else 'Annex'} {roman}", level=0))
    tree = annex["tree"]
    notes: list[tuple[str, str]] = []
    if tree.language != lang:
        w.line(w.macros.text_only_in(tree.language), kind="annex_text")

    def walk(node, depth: int, parent: str = "") -> None:
        if node.kind == "annex":
            for child in node.children:
                walk(child, depth, "annex")
            return
        if node.kind == "footnote":
            notes.append((node.number or "", node.text))
            return
        if node.kind in ("section", "subsection"):
            children = list(node.children)
            heading = children.pop(0).text if children and children[0].kind == "heading" else ""
            w.blocks.append(Block("heading", f"{heading}", label=label_of(node, tree.language),
                                  level=2 if node.kind == "section" else 3))
            for child in children:
                walk(child, depth, node.kind)
            return
        if node.kind == "heading":
            if parent == "annex":
                w.blocks.append(Block("annex_title", node.text, level=1))
            else:
                w.blocks.append(Block("heading", node.text, level=3))
            return
        label = label_of(node, tree.language)
        level = {"paragraph": 0, "preamble": 0, "subparagraph": 1, "item": 2}.get(node.kind, depth)
        w.blocks.append(Block("annex_text", node.text, label=label, level=level))
        for child in node.children:
            walk(child, depth + 1)

    for node in tree.nodes:
        walk(node, 0)
    if notes:
        w.annex_notes[len(w.blocks) - 1] = notes


def _vote_annex_blocks(w: _Writer, annex: dict) -> None:
    """How each delegation voted in a recorded or roll-call vote."""
    w.blocks.append(Block("annex_title", f"{'Annexe' if w.lang == 'fr' else 'Annex'} {annex['number']}", level=0))
    w.blocks.append(Block("annex_title", w.word("vote_annex_title", annex), level=1))
    for position, names in (("yes", annex["in_favour"]), ("no", annex["against"]), ("abstain", annex["abstaining"])):
        w.blocks.append(Block("annex_text", w.word("vote_annex_line", position, names), level=0))


def compose(session: Session, lang: str) -> Report:
    """The generated report in `lang`, before the secretariat's edits."""
    lang = _language(lang)
    rec = record(session, lang)
    template = _environment().get_template(f"report/wording/{lang}.j2")
    macros = template.make_module(_helpers(lang))
    h = macros.headings
    w = _Writer(lang, macros)
    w.line(rec["title"], kind="title")

    w.heading("I.", h["introduction"])
    for i, m in enumerate(rec["mandates"], start=1):
        w.para(f"introduction.mandate.{i}", w.word("mandate", m))
    if rec["preparatory"]:
        w.para("introduction.preparatory_committee", w.word("preparatory", rec["preparatory"]))
    if rec["president"] or rec["appointments"]["facilitators"]:
        w.para("introduction.president_designate", w.word("president_designate", rec["president"],
                                                           rec["preparatory"], rec["appointments"]))

    w.heading("II.", h["organization"])
    w.heading("A.", h["opening"], 2)
    w.para("organization.opening", w.word("opening", rec))
    if rec["rules"]:
        w.heading("B.", h["rules"], 2)
        w.para("organization.rules", w.word("rules", rec["rules"]))
    letters = iter("CDEFGH")
    if rec["agenda"]:
        w.heading(f"{next(letters)}.", h["agenda"], 2)
        w.para("organization.agenda", w.word("agenda_intro", rec["agenda_decision"]))
        for index, item in enumerate(rec["agenda"]):
            last = index == len(rec["agenda"]) - 1
            if item["subitems"]:
                w.item(f"agenda.{item['number']}", f"{item['number']}.", item["title"], tail="\u00a0:" if lang == "fr" else ":")
                for j, sub in enumerate(item["subitems"]):
                    end = j == len(item["subitems"]) - 1
                    w.item(f"agenda.{item['number']}{sub['letter']}", rules.item_label(j, lang), sub["title"], level=2,
                           tail="." if end else ";")
            else:
                w.item(f"agenda.{item['number']}", f"{item['number']}.", item["title"], tail=".")
    if rec["bureau"]:
        w.heading(f"{next(letters)}.", h["bureau"], 2)
        w.para("organization.bureau", w.word("bureau_intro"))
        for office in rec["bureau"]:
            w.line(office["title"] + (" :" if lang == "fr" else ":"), level=0)
            for holder in office["holders"]:
                w.line(holder, level=1)
    for election in rec["elections"]:
        w.para(f"bureau.election.{election['key']}", w.word("election", election))
    if rec["documentation"]:
        w.heading(f"{next(letters)}.", h["documentation"], 2)
        w.para("organization.documentation", w.word("documentation_intro"))
        for index, e in enumerate(rec["documentation"]):
            text = e["title"]
            inside = ", ".join(x for x in (e["symbols"], e["note"]) if x)
            if inside:
                text += f" ({inside})"
            last = index == len(rec["documentation"]) - 1
            w.item(f"documentation.{index + 1}", rules.item_label(index, lang), text,
                   footnotes=w.notes.ref(w.clean(e["footnote"]) if e["footnote"] else None), tail="." if last else ";")

    cred = rec["credentials"]
    if cred:
        w.heading("III.", h["credentials"])
        w.para("credentials.committee", w.word("credentials_committee", cred))
        if cred["adoption"]:
            w.para("credentials.adoption", w.word("credentials_adoption", cred))

    w.heading("IV.", h["debate"])
    debate = rec["debate"]
    if debate["states"]:
        w.para("debate.states", w.word("general_debate", debate))
    if rec["igo"]["names"]:
        w.heading("", h["igo"], 3)
        w.para("debate.igo", w.word("organizations", rec["igo"], "igo"))
    if rec["ngo"]["names"]:
        w.heading("", h["ngo"], 3)
        w.para("debate.ngo", w.word("organizations", rec["ngo"], "ngo"))

    plural = rec["final_count"] != 1
    w.heading("V.", w.word("adoption_heading", plural, rec["addressee"]))
    if rec["negotiation"]:
        w.para("adoption.negotiation", w.word("negotiation", rec["negotiation"], plural))
    for decision in rec["other_decisions"]:
        w.para(f"decisions.{decision['id']}", w.word("decision", decision))
    romans = [a["number"] for a in rec["annexes"]]
    if rec["final"] or rec["report_decision"]:
        w.para("adoption.final", w.word("final", rec["final"], rec["report_decision"], romans, plural,
                                        rec["addressee"]))

    for annex, roman in zip(rec["annexes"], romans):
        _annex_blocks(w, annex, roman)
    for annex in rec["vote_annexes"]:
        _vote_annex_blocks(w, annex)
    _insert_added(session, lang, w.blocks)
    return Report(lang=lang, symbol=rec["symbol"], title=rec["title"], blocks=w.blocks, footnotes=w.notes.notes,
                  annex_footnotes=w.annex_notes)


def build(session: Session, actor: Actor, lang: Any) -> Report:
    """The report as the secretariat left it: generated paragraphs, edited ones replaced and flagged."""
    check_can_read(session, actor)
    report = compose(session, _language(lang))
    kept = edits(session, report.lang)
    for b in report.blocks:
        edit = kept.get(b.key) if b.key else None
        if edit is None:
            continue
        generated = b.full_text
        b.text, b.edited, b.stale = rules.edit_state(generated, edit.text, edit.generated)
        b.generated, b.tail = generated, ""
    return report


def report_json(session: Session, actor: Actor, lang: Any) -> dict:
    report = build(session, actor, lang)
    return {**report.to_json(), "adopted": adopted(session)}
