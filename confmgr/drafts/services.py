"""Use cases of the draft engine: documents with text, revisions, comparisons, negotiation state.

Each version is a registry Document holding its text and parsed tree, stored whole and never
changed. Publishing a revision stores the new version and, in the same transaction, a `revision`
event on the stream `document:<base symbol>` carrying the summary and the changed paragraphs.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from confmgr.core import audit, events, offload, streams
from confmgr.core.actor import Actor
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from confmgr.core.permissions import allowed, require
from confmgr.core.models import get_existing
from confmgr.drafts.compare import changed_only, compare, summary
from confmgr.drafts.models import PARAGRAPH_STATUSES, AlignmentOverride, ParagraphStatus, Proposal
from confmgr.drafts.structure import DraftParseError, ParsedDocument, count_brackets, inherit_identities, parse_document
from confmgr.registry import services as registry
from confmgr.registry.models import Document
from confmgr.registry.symbols import next_revision_symbol

LANGUAGES = ("fr", "en", "es", "ar", "ru", "zh")
DEFAULT_MAX_CHARS = 1_000_000


def stream_name(base_symbol: str) -> str:
    return f"document:{base_symbol}"


# --- caches: versions never change, so their parses and comparisons can be kept -----------------

class _LRU:
    def __init__(self, size: int):
        self.size, self.data, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        return None

    def put(self, key, value):
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)
        return value


_parsed_cache = _LRU(64)
_comparison_cache = _LRU(128)


def _doc_key(doc: Document) -> tuple:
    """What identifies a stored version in the caches: its row, symbol and creation time.

    The id alone is not enough: one process may serve several databases (tests, a re-created
    instance) where the same id names another text.
    """
    at = doc.created_at
    if at is not None:  # SQLite gives back naive UTC, PostgreSQL an aware time in its own zone
        at = (at.astimezone(timezone.utc) if at.tzinfo else at.replace(tzinfo=timezone.utc)).isoformat()
    return doc.id, doc.symbol, at


def parsed(doc: Document) -> ParsedDocument:
    """The version's tree, parsed from its stored JSON once per process (the tree is read only on a miss)."""
    key = _doc_key(doc)
    cached = _parsed_cache.get(key)
    if cached is not None:
        return cached
    if doc.tree is None:
        raise InvalidInput(f"{doc.symbol} has no text to compare")
    return _parsed_cache.put(key, ParsedDocument.from_json(doc.tree))


# --- reading ----------------------------------------------------------------------------------------

def _check_text(text, *, max_chars: int) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text: required (the draft's plain text)")
    if len(text) > max_chars:
        raise TooLarge(f"text: {len(text)} characters, over the limit of {max_chars}")
    if "\x00" in text:
        raise InvalidInput("text: contains NUL characters; send plain UTF-8 text")
    _check_encodable(text, "text")
    return text


def _check_encodable(value: str, field: str) -> None:
    """Refuse lone surrogates (a JSON body may carry "\\ud800"): they are not text and no database stores them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{field}: not valid Unicode text (lone surrogate characters); send UTF-8 text") from None


def _parse(text: str, language: str | None) -> ParsedDocument:
    try:
        return parse_document(text, language)
    except DraftParseError as exc:
        raise InvalidInput(f"text: {exc}") from None


def _language(language) -> str | None:
    if language in (None, ""):
        return None
    if language not in LANGUAGES:
        raise InvalidInput(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


def versions(session: Session, actor: Actor, base_symbol: str) -> list[Document]:
    family = registry.family(session, registry.parse_or_refuse(base_symbol).base)
    if not family:
        raise NotFound(f"no document {base_symbol}")
    registry.check_can_read(actor, family[-1])
    return family


def latest(session: Session, base_symbol: str) -> Document | None:
    """The newest version of a family (the one a new revision supersedes)."""
    return session.scalar(select(Document).where(Document.base_symbol == base_symbol)
                          .options(defer(Document.text), defer(Document.tree))
                          .order_by(Document.revision.desc(), Document.symbol.desc()).limit(1))


# --- writing ----------------------------------------------------------------------------------------

def create_document(session: Session, actor: Actor, *, symbol: str, title: str | dict, text: str | None,
                    language: str | None = None, distribution: str | None = None, kind: str = "draft",
                    date=None, illustrative: bool = False, max_chars: int = DEFAULT_MAX_CHARS):
    """Store a document; with text, parse it into its tree. Returns (document, event seq or None)."""
    require(actor, "documents.manage")
    language = _language(language)
    titles = title if isinstance(title, dict) else {(language or "fr"): title}
    for value in titles.values():
        if isinstance(value, str):
            _check_encodable(value, "title")
    tree = None
    if text is not None:
        tree = _parse(_check_text(text, max_chars=max_chars), language)
        language = tree.language
    doc = registry.register_document(
        session, actor, symbol=symbol, titles=titles, distribution=distribution, kind=kind, language=language,
        languages=[language] if language else [], text=text, tree=tree.to_json() if tree else None, date=date,
        illustrative=illustrative)
    seq = None
    if tree is not None:
        seq = events.publish(session, stream_name(doc.base_symbol), "revision", {
            "symbol": doc.symbol, "base": doc.base_symbol, "revision": doc.revision, "previous": None,
            "summary": {"text": f"{doc.symbol}: {len(tree.units())} paragraphs", "counts": {}},
            "changed": []}).seq
    return doc, seq


def preview(session: Session, actor: Actor, text: str, *, base_symbol: str | None = None,
            language: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> dict:
    """Parse a text without storing anything, for a person to check the parse before publishing.

    Returns ``{"tree": ParsedDocument, "report": parse report, "comparison" and "summary": None, or the
    comparison with the current version of ``base_symbol`` and its summary}``.
    """
    if base_symbol is None:
        require(actor, "documents.manage")
    else:
        require(actor, "drafts.publish")
    text = _check_text(text, max_chars=max_chars)
    language = _language(language)
    previous = None
    if base_symbol is not None:
        previous = latest(session, registry.parse_or_refuse(base_symbol).base)
        if previous is None:
            raise NotFound(f"no document {base_symbol}")
        language = language or previous.language
    tree = _parse(text, language)
    result = {"tree": tree, "report": tree.report, "summary": None, "comparison": None}
    if previous is not None and previous.tree is not None:
        old_tree = parsed(previous)
        overrides = overrides_for(session, previous.base_symbol)
        comparison = offload.run(compare, old_tree, offload.run(inherit_identities, old_tree, tree, overrides),
                                 overrides)
        result["comparison"], result["summary"] = comparison, summary(comparison, tree.language)
    return result


def overrides_for(session: Session, base_symbol: str) -> dict:
    rows = session.scalars(select(AlignmentOverride).where(AlignmentOverride.base_symbol == base_symbol)
                           .order_by(AlignmentOverride.id))
    result: dict = {"force": [], "forbid": []}
    for row in rows:
        result[row.kind].append([row.old_wid, row.new_wid])
    return result


def publish_revision(session: Session, actor: Actor, base_symbol: str, text: str, *, symbol: str | None = None,
                     language: str | None = None, date=None, illustrative: bool = False,
                     max_chars: int = DEFAULT_MAX_CHARS):
    """Store the next revision of a family. Returns (document, seq, summary)."""
    require(actor, "drafts.publish")
    base = registry.parse_or_refuse(base_symbol)
    if base.text != base.base:
        raise InvalidInput(f"symbol: {base_symbol} is not a base symbol; use {base.base}", part="modifier")
    text = _check_text(text, max_chars=max_chars)
    previous = latest(session, base.base)
    if previous is None:
        raise NotFound(f"no document {base.base}: create it first with POST /api/v1/documents")
    try:
        old_tree = parsed(previous)
    except InvalidInput:
        raise InvalidInput(f"{previous.symbol} has no text; a revision needs the text of the version it revises") \
            from None
    expected = next_revision_symbol(base.base, previous.revision)
    if symbol is not None and registry.parse_or_refuse(symbol).text != expected:
        raise Conflict(f"symbol: the next revision of {base.base} is {expected}, not {symbol}")
    language = _language(language) or previous.language
    new_tree = _parse(text, language)
    overrides = overrides_for(session, base.base)
    new_tree = offload.run(inherit_identities, old_tree, new_tree, overrides)
    comparison = offload.run(compare, old_tree, new_tree, overrides)
    try:
        with session.begin_nested():
            doc = registry.register_document(
                session, actor, symbol=expected, titles=dict(previous.titles), distribution=previous.distribution,
                kind=previous.kind, language=new_tree.language, languages=[new_tree.language], text=text,
                tree=new_tree.to_json(), date=date, illustrative=illustrative)
    except IntegrityError:
        raise Conflict(f"{expected} was published at the same moment by someone else; reload and retry") from None
    _comparison_cache.put((_doc_key(previous), _doc_key(doc), _overrides_key(overrides)), comparison)
    result = summary(comparison, new_tree.language)
    ev = events.publish(session, stream_name(base.base), "revision", {
        "symbol": doc.symbol, "base": base.base, "revision": doc.revision, "previous": previous.symbol,
        "summary": result, "changed": changed_only(comparison)})
    audit.record(session, actor, "drafts.publish_revision", "document", doc.symbol,
                 before={"current": previous.symbol}, after={"current": doc.symbol, "summary": result["text"]})
    return doc, ev.seq, result


def _overrides_key(overrides: dict) -> tuple:
    return tuple(map(tuple, overrides["force"])), tuple(map(tuple, overrides["forbid"]))


def compare_versions(session: Session, actor: Actor, from_symbol: str, to_symbol: str) -> dict:
    """The comparison of any two versions with text, as GET /api/v1/compare returns it."""
    if not from_symbol or not to_symbol:
        raise InvalidInput("from and to: two document symbols are required")
    old = registry.get_document(session, actor, from_symbol)
    new = registry.get_document(session, actor, to_symbol)
    overrides = overrides_for(session, new.base_symbol) if old.base_symbol == new.base_symbol else None
    return {"from": old.symbol, "to": new.symbol, **_comparison(old, new, overrides)}


def _comparison(old: Document, new: Document, overrides: dict | None) -> dict:
    """The cached comparison of two versions; the key holds the overrides, so a new override is used at once."""
    key = (_doc_key(old), _doc_key(new), _overrides_key(overrides) if overrides else None)
    comparison = _comparison_cache.get(key)
    if comparison is None:
        comparison = _comparison_cache.put(key, offload.run(compare, parsed(old), parsed(new), overrides))
    return comparison


def timeline(session: Session, actor: Actor, base_symbol: str, language: str = "en") -> list[dict]:
    """The versions of a family with text, oldest first, each with its bracket count and units, and
    the summary of the comparison with its predecessor."""
    family = [d for d in versions(session, actor, base_symbol) if d.tree is not None]
    overrides = overrides_for(session, family[0].base_symbol) if family else None
    rows: list[dict] = []
    previous = None
    for doc in family:
        tree = parsed(doc)
        row = {"document": doc, "brackets": count_brackets(tree), "units": len(tree.units()),
               "previous": previous, "summary": None, "counts": None}
        if previous is not None:
            result = summary(_comparison(previous, doc, overrides), language)
            row["summary"], row["counts"] = result["text"], result["counts"]
        rows.append(row)
        previous = doc
    return rows


def list_overrides(session: Session, base_symbol: str) -> list[AlignmentOverride]:
    return list(session.scalars(select(AlignmentOverride).where(AlignmentOverride.base_symbol == base_symbol)
                                .order_by(AlignmentOverride.id)))


def set_override(session: Session, actor: Actor, base_symbol: str, old_wid: str, new_wid: str, kind: str):
    """Confirm ("force") or refuse ("forbid") a match between two paragraph identities of a family."""
    require(actor, "drafts.annotate")
    if kind not in ("force", "forbid"):
        raise InvalidInput("kind: force or forbid")
    base = registry.parse_or_refuse(base_symbol).base
    family = registry.family(session, base)
    known = {u.wid for d in family if d.tree for u in parsed(d).units()}
    for wid in (old_wid, new_wid):
        if wid not in known:
            raise NotFound(f"no paragraph {wid!r} in {base}")
    row = session.scalar(select(AlignmentOverride).where(
        AlignmentOverride.base_symbol == base, AlignmentOverride.old_wid == old_wid,
        AlignmentOverride.new_wid == new_wid))
    before = row.kind if row else None
    if row is None:
        row = AlignmentOverride(base_symbol=base, old_wid=old_wid, new_wid=new_wid, kind=kind,
                                created_by=actor.user_id)
        session.add(row)
    row.kind = kind
    session.flush()
    audit.record(session, actor, "drafts.override", "document", base, before={"match": before},
                 after={"old": old_wid, "new": new_wid, "kind": kind})
    return row


def remove_override(session: Session, actor: Actor, override_id: int) -> None:
    require(actor, "drafts.annotate")
    row = get_existing(session, AlignmentOverride, override_id, "override")
    audit.record(session, actor, "drafts.override_removed", "document", row.base_symbol,
                 before={"old": row.old_wid, "new": row.new_wid, "kind": row.kind})
    session.delete(row)
    session.flush()


def _unit(doc: Document, wid: str):
    for unit in parsed(doc).units():
        if unit.wid == wid:
            return unit
    raise NotFound(f"no paragraph {wid!r} in {doc.symbol}")


def set_status(session: Session, actor: Actor, symbol: str, wid: str, status: str) -> ParagraphStatus:
    require(actor, "drafts.annotate")
    if status not in PARAGRAPH_STATUSES:
        raise InvalidInput(f"status: {status!r} is not one of {', '.join(PARAGRAPH_STATUSES)}")
    doc = registry.get_document(session, actor, symbol)
    unit = _unit(doc, wid)
    row = session.scalar(select(ParagraphStatus).where(ParagraphStatus.document_id == doc.id,
                                                       ParagraphStatus.wid == wid))
    before = row.status if row else None
    if row is None:
        row = ParagraphStatus(document_id=doc.id, wid=wid, status=status, set_by=actor.user_id)
        session.add(row)
    row.status, row.set_by = status, actor.user_id
    session.flush()
    audit.record(session, actor, "drafts.status", "paragraph", f"{doc.symbol}#{unit.ref}",
                 before={"status": before}, after={"status": status})
    return row


def statuses(session: Session, doc: Document) -> dict[str, str]:
    rows = session.scalars(select(ParagraphStatus).where(ParagraphStatus.document_id == doc.id))
    return {row.wid: row.status for row in rows}


def add_proposal(session: Session, actor: Actor, symbol: str, wid: str, text: str, *,
                 participant: str | int | None = None, on_behalf_of: str | int | None = None) -> Proposal:
    """Record that a delegation (or a group through it) proposed a change to a paragraph."""
    require(actor, "drafts.propose")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text: the proposed wording or change is required")
    if len(text) > 20_000:
        raise TooLarge("text: at most 20,000 characters")
    doc = registry.get_document(session, actor, symbol)
    unit = _unit(doc, wid)
    if participant in (None, "") and actor.participant_id is not None:
        participant = actor.participant_id
    if participant in (None, ""):
        raise InvalidInput("participant: which delegation proposes this?")
    who = registry.find_participant(session, participant)
    if not allowed(actor, "drafts.annotate") and not actor.speaks_for(who.id):
        raise Forbidden("a delegate proposes only for its own delegation")
    group = registry.find_group(session, on_behalf_of) if on_behalf_of not in (None, "") else None
    if group is not None and who not in group.members:
        raise InvalidInput(f"on_behalf_of: {who.name_fr} is not a member of {group.name_fr}")
    proposal = Proposal(document_id=doc.id, wid=wid, participant=who, on_behalf_of=group, text=text.strip(),
                        created_by=actor.user_id)
    session.add(proposal)
    session.flush()
    audit.record(session, actor, "drafts.propose", "paragraph", f"{doc.symbol}#{unit.ref}",
                 after={"participant": who.key, "on_behalf_of": group.key if group else None, "text": text.strip()})
    return proposal


def proposals(session: Session, docs: list[Document]) -> dict[str, list[Proposal]]:
    """Proposals on the given versions, by paragraph identity (identities are stable in a family)."""
    rows = session.scalars(select(Proposal).where(Proposal.document_id.in_([d.id for d in docs]))
                           .order_by(Proposal.id))
    result: dict[str, list[Proposal]] = {}
    for row in rows:
        result.setdefault(row.wid, []).append(row)
    return result


def bracket_counts(session: Session, docs: list[Document]) -> dict[str, int]:
    return {d.symbol: count_brackets(parsed(d)) for d in docs if d.tree is not None}


def _check_document_stream(session: Session, actor: Actor, key: str) -> None:
    base = registry.parse_or_refuse(key).base
    doc = latest(session, base)
    if doc is None:
        raise NotFound(f"no document {key}")
    registry.check_can_read(actor, doc)


def family_count(session: Session) -> int:
    return session.scalar(select(func.count(func.distinct(Document.base_symbol))).where(Document.tree.is_not(None)))


streams.register("document", _check_document_stream)


def author_of(session: Session, doc: Document) -> str:
    """Who a version's changes are credited to in a redline: its publisher's name, else the secretariat
    (never an e-mail address: a redline of a General document goes to anyone)."""
    from confmgr.accounts.models import User

    user = session.get(User, doc.created_by) if doc.created_by else None
    return (user.name if user is not None and user.name else "") or "Secretariat"
