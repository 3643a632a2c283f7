"""The rules of procedure as pure logic: majorities, quorum, motions and their precedence, the roll call.

No database and no Flask: every function takes plain values and the conference's ProcedureParameters,
so the same engine serves any conference.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from confmgr.core.errors import InvalidInput
from confmgr.procedure.parameters import NAMED_MAJORITIES, PROCEDURAL_MOTIONS, Majority, ProcedureParameters

# What the President's office may put before a meeting.
MOTION_KINDS = ("proposal", *PROCEDURAL_MOTIONS, "reconsideration")
MATTERS = ("procedural", "substance")  # every conference has these; its majorities may add more
# Motions decided without debate: no speakers for or against.
UNDEBATED = ("suspend_meeting", "adjourn_meeting")
# Motions on which speakers for and against are heard before the decision.
DEBATED_WITH_SIDES = ("adjourn_debate", "close_debate")
# Motions that act on the debate of an agenda item: they need one.
ON_AN_ITEM = ("adjourn_debate", "close_debate")
HOW = ("consensus", "acclamation", "without_vote", "recorded_vote", "non_recorded_vote", "roll_call",
       "secret_ballot")
VOTE_KINDS = ("recorded", "non_recorded", "roll_call")
POSITIONS = ("yes", "no", "abstain", "absent")
ENTITLED_STATUSES = frozenset({"formal", "accepted", "provisional", "challenged"})


def may_vote(kind: str | None, credentials_status: str | None) -> bool:
    """A member State votes unless its credentials status (None: not known) is outside ENTITLED_STATUSES."""
    return kind == "member_state" and (credentials_status is None or credentials_status in ENTITLED_STATUSES)


# --- majorities -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int = 0
    present: int | None = None  # representatives present; None when only the votes cast are known

    def validate(self, *, entitled: int | None = None) -> None:
        for name in ("yes", "no", "abstain"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(f"{name}: a whole number, 0 or more")
        cast = self.yes + self.no + self.abstain
        if self.present is not None:
            if isinstance(self.present, bool) or not isinstance(self.present, int) or self.present < 0:
                raise InvalidInput("present: a whole number, 0 or more")
            if cast > self.present:
                raise InvalidInput(f"more votes ({cast}) than representatives present ({self.present})")
            if entitled is not None and self.present > entitled:
                raise InvalidInput(f"present: {self.present} exceeds the {entitled} States entitled to vote")
        if entitled is not None and cast > entitled:
            raise InvalidInput(f"more votes ({cast}) than States entitled to vote ({entitled})")


@dataclass(frozen=True)
class VoteResult:
    majority: str            # the kind of question (procedural, substance, ...)
    yes: int
    no: int
    abstain: int
    present: int | None
    present_and_voting: int
    required: int
    adopted: bool
    tie: bool
    quorum_required: int | None = None
    threshold: Majority = field(default_factory=Majority)
    base_count: int = 0

    @property
    def outcome(self) -> str:
        return "adopted" if self.adopted else "rejected"

    def threshold_dict(self) -> dict:
        return {**self.threshold.to_dict(), "base_count": self.base_count}

    def explanation(self, lang: str = "en") -> str:
        return explain(self.threshold_dict(), yes=self.yes, no=self.no, required=self.required,
                       outcome=self.outcome, lang=lang)

    def to_dict(self) -> dict:
        return {"majority": self.majority, "yes": self.yes, "no": self.no, "abstain": self.abstain,
                "present": self.present, "present_and_voting": self.present_and_voting,
                "required": self.required, "adopted": self.adopted, "tie": self.tie,
                "result": self.outcome, "quorum_required": self.quorum_required,
                "threshold": self.threshold_dict(), "explanation": self.explanation()}


def as_majority(majority: str | Majority, params: ProcedureParameters | None = None) -> Majority:
    """The threshold itself, from a kind of question of the conference or a shorthand (simple, two_thirds)."""
    if isinstance(majority, Majority):
        return majority
    if params is not None and majority in params.majorities:
        return params.majorities[majority]
    if majority in NAMED_MAJORITIES:
        return Majority.from_value(majority, "majority")
    raise InvalidInput(f"majority: {majority!r} is neither a kind of question of the conference nor one of "
                       f"{', '.join(NAMED_MAJORITIES)}", field="majority")


def required_majority(majority: str | Majority, base_count: int) -> int:
    """Votes in favour needed. Simple: more than half (51 of 100, 51 of 101). Two-thirds: at least two
    thirds (67 of 100, 60 of 90). Three-fourths: at least three-fourths (18 of 23)."""
    return as_majority(majority).required(base_count)


def present_and_voting(tally: Tally, params: ProcedureParameters, question: str | None = None) -> int:
    """Members present and voting: those casting an affirmative or negative vote (abstentions too
    only where the rules say they count)."""
    counted = params.counts_abstentions(question) if question in params.majorities else \
        params.abstentions_count_as_voting
    return tally.yes + tally.no + (tally.abstain if counted else 0)


def quorum_needed(fraction: float, participating: int) -> int:
    """Representatives who must be present: the fraction of participating States, rounded up."""
    return max(1, math.ceil(round(fraction * participating, 9)))


def base_count(threshold: Majority, *, voting: int, present: int | None, members: int | None,
               states_parties: int | None) -> int:
    """How many the threshold is counted on, by its base."""
    counts = {"present_and_voting": voting, "present": present, "members": members,
              "states_parties": states_parties}
    count = counts[threshold.base]
    if count is None:
        raise InvalidInput(f"the threshold is counted on the {threshold.base.replace('_', ' ')}: "
                           f"that number is needed", field=threshold.base)
    return count


def compute_result(tally: Tally, majority: str | Majority, params: ProcedureParameters, *,
                   entitled: int | None = None, states_parties: int | None = None) -> VoteResult:
    """The result of a vote on a question (`majority`: its kind, or a threshold). A tie is a rejection
    where the rules say so (and a simple majority is never reached by a tie anyway); a decision needs
    the quorum to decide when presence is known."""
    tally.validate(entitled=entitled)
    question = majority if isinstance(majority, str) else "custom"
    threshold = as_majority(majority, params)
    voting = present_and_voting(tally, params, question)
    if threshold.abstentions is not None:
        voting = tally.yes + tally.no + (tally.abstain if threshold.abstentions == "counted" else 0)
    present = tally.present
    base = base_count(threshold, voting=voting, present=present, members=entitled,
                      states_parties=states_parties if states_parties is not None else entitled)
    required = threshold.required(base)
    quorum = quorum_needed(params.quorum_decide, entitled) if entitled else None
    if present is not None and quorum is not None and present < quorum:
        raise InvalidInput(f"no quorum: {present} present, {quorum} needed to take a decision", field="present")
    tie = tally.yes == tally.no
    adopted = voting > 0 and tally.yes >= required
    if tie and params.tie_means_rejection:
        adopted = False
    return VoteResult(majority=question, yes=tally.yes, no=tally.no, abstain=tally.abstain, present=present,
                      present_and_voting=voting, required=required, adopted=adopted, tie=tie,
                      quorum_required=quorum, threshold=threshold, base_count=base)


# --- the explanation of a result, in words ----------------------------------------------------------

_FRACTION_WORDS = {
    "en": {"1/2": "half", "2/3": "two-thirds", "3/4": "three-fourths", "1/3": "one third",
           "3/5": "three-fifths", "4/5": "four-fifths", "1/1": "all"},
    "fr": {"1/2": "la moitié", "2/3": "les deux tiers", "3/4": "les trois quarts", "1/3": "le tiers",
           "3/5": "les trois cinquièmes", "4/5": "les quatre cinquièmes", "1/1": "la totalité"},
}
_BASE_WORDS = {
    "en": {"present_and_voting": "present and voting", "present": "present", "members": "members",
           "states_parties": "States parties"},
    "fr": {"present_and_voting": "présents et votants", "present": "présents", "members": "membres",
           "states_parties": "États parties"},
}
_OUTCOME_WORDS = {"en": {"adopted": "adopted", "rejected": "rejected", "elected": "elected"},
                  "fr": {"adopted": "adopté", "rejected": "rejeté", "elected": "élu"}}


def threshold_words(threshold: dict, lang: str = "en") -> str:
    """ "More than half of 100 present and voting", "Three-fourths of 23 present and voting"."""
    lang = lang if lang in _FRACTION_WORDS else "en"
    fraction = _FRACTION_WORDS[lang].get(threshold["fraction"], threshold["fraction"])
    base = _BASE_WORDS[lang][threshold["base"]]
    count = threshold.get("base_count")
    if lang == "fr":
        bare = fraction.split(" ", 1)[-1] if fraction.startswith(("la ", "les ", "le ")) else fraction
        head = f"Plus de {bare}" if threshold["rule"] == "more_than" else fraction[0].upper() + fraction[1:]
        return f"{head} des {count} {base}"
    head = f"More than {fraction}" if threshold["rule"] == "more_than" else fraction[0].upper() + fraction[1:]
    return f"{head} of {count} {base}"


def explain(threshold: dict, *, yes: int, no: int, required: int, outcome: str, lang: str = "en") -> str:
    """ "Three-fourths of 23 present and voting: 18 required; 17 in favour: rejected"."""
    lang = lang if lang in _FRACTION_WORDS else "en"
    words = _OUTCOME_WORDS[lang].get(outcome, outcome)
    if lang == "fr":
        votes = f"{yes} pour, {no} contre (égalité)" if yes == no else f"{yes} pour"
        return f"{threshold_words(threshold, 'fr')} : {required} requis ; {votes} : {words}"
    votes = f"{yes} in favour, {no} against (a tie)" if yes == no else f"{yes} in favour"
    return f"{threshold_words(threshold, 'en')}: {required} required; {votes}: {words}"


# --- motions ----------------------------------------------------------------------------------------

def check_matter(matter: str, params: ProcedureParameters) -> str:
    """A motion's matter is a kind of question the conference sets a majority for (elections apart)."""
    matters = [q for q in params.majorities if q not in ("election", "reconsideration")]
    if matter not in matters:
        raise InvalidInput(f"matter: one of {', '.join(matters)}", field="matter")
    return matter


def majority_for(kind: str, matter: str, params: ProcedureParameters) -> str:
    """The kind of question a motion puts: its threshold is the conference's for that kind."""
    if kind not in MOTION_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(MOTION_KINDS)}")
    if kind == "reconsideration":
        return "reconsideration"
    if kind == "proposal" and matter in params.majorities:
        return matter
    return "procedural"


def rank(kind: str, params: ProcedureParameters) -> int:
    """Lower is decided first: procedural motions in the rules' order, then everything else."""
    order = list(params.motion_precedence)
    return order.index(kind) if kind in order else len(order)


def takes_precedence_over(kind: str, params: ProcedureParameters) -> list[str]:
    """What this motion is decided before: the motions listed after it, then all other proposals."""
    order = list(params.motion_precedence)
    if kind not in order:
        return []
    return order[order.index(kind) + 1:] + ["proposal", "reconsideration"]


@dataclass(frozen=True)
class PendingMotion:
    id: int
    kind: str
    agenda_item: str | None = None
    status: str = "pending"


@dataclass(frozen=True)
class Ruling:
    in_order: bool
    reason: str
    majority: str  # the kind of question the motion puts
    precedes: list[str] = field(default_factory=list)
    threshold: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"in_order": self.in_order, "reason": self.reason, "majority": self.majority,
                "threshold": self.threshold, "takes_precedence_over": self.precedes}


def rule_on_motion(kind: str, *, matter: str = "procedural", agenda_item: str | None,
                   pending: list[PendingMotion], vote_in_progress: bool, closed_items: set[str] = frozenset(),
                   adjourned_items: set[str] = frozenset(), has_target: bool = True,
                   params: ProcedureParameters) -> Ruling:
    """Is this motion in order now? And if so, what does it take precedence over and what majority
    will decide it."""
    if kind not in MOTION_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(MOTION_KINDS)}")
    check_matter(matter, params)
    majority = majority_for(kind, matter, params)
    precedes = takes_precedence_over(kind, params)
    threshold = params.majority(majority).to_dict()

    def out(reason: str) -> Ruling:
        return Ruling(False, reason, majority, precedes, threshold)

    if vote_in_progress:
        return out("a vote is in progress: no motion may interrupt it")
    if kind in ON_AN_ITEM and not agenda_item:
        return out("there is no debate on an agenda item to adjourn or close")
    if agenda_item and agenda_item in adjourned_items:
        return out(f"the debate on item {agenda_item} has been adjourned")
    if kind in ON_AN_ITEM and agenda_item in closed_items:
        return out(f"the debate on item {agenda_item} is already closed")
    if kind == "reconsideration" and not has_target:
        return out("a motion for reconsideration needs a decision already taken")
    if kind != "proposal":
        for p in pending:
            if p.kind == kind and p.status in ("pending", "voting") and (kind not in ON_AN_ITEM
                                                                       or p.agenda_item == agenda_item):
                return out(f"a motion to {kind.replace('_', ' ')} is already before the meeting")
    return Ruling(True, "in order", majority, precedes, threshold)


def blocking_motion(kind: str, motion_id: int, pending: list[PendingMotion],
                    params: ProcedureParameters) -> PendingMotion | None:
    """A pending motion that must be decided before this one (higher precedence), if any."""
    mine = rank(kind, params)
    ahead = [p for p in pending if p.id != motion_id and p.status in ("pending", "voting")
             and rank(p.kind, params) < mine]
    return min(ahead, key=lambda p: (rank(p.kind, params), p.id)) if ahead else None


def check_motion_speaker(kind: str, side: str, heard_for: int, heard_against: int,
                         params: ProcedureParameters) -> None:
    if side not in ("for", "against"):
        raise InvalidInput("side: for or against")
    if kind in UNDEBATED:
        raise InvalidInput(f"a motion to {kind.replace('_', ' ')} is decided without debate")
    if kind not in DEBATED_WITH_SIDES:
        return
    limit = params.speakers_for_against_on_motions
    heard = heard_for if side == "for" else heard_against
    if heard >= limit:
        raise InvalidInput(f"{limit} speakers {side} the motion have already been heard")


def check_vote_allowed(kind: str, matter: str, consensus_exhausted: bool) -> None:
    if kind == "proposal" and matter == "substance" and not consensus_exhausted:
        raise InvalidInput("a matter of substance is put to the vote only after the President has "
                           "declared that all efforts at consensus are exhausted")


# --- roll call --------------------------------------------------------------------------------------

def _alpha_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9 ]+", "", folded)


def roll_call_order(states: list[tuple[int, str]], first: int) -> list[int]:
    """States (id, name) in alphabetical order, starting with the State drawn by lot and wrapping
    round to the beginning of the alphabet."""
    ordered = sorted(states, key=lambda s: (_alpha_key(s[1]), s[0]))
    ids = [s[0] for s in ordered]
    if first not in ids:
        raise InvalidInput("the State drawn by lot is not among those entitled to vote")
    start = ids.index(first)
    return ids[start:] + ids[:start]


def check_roll_call_answer(order: list[int], answered: list[int], participant_id: int) -> None:
    """In a roll call each State answers when its name is called, in order."""
    if participant_id not in order:
        raise InvalidInput("this participant is not on the roll call")
    if participant_id in answered:
        raise InvalidInput("this State has already answered the roll call")
    expected = next(p for p in order if p not in answered)
    if participant_id != expected:
        raise InvalidInput("not in roll-call order: another State is called first")


# --- the text of the rules --------------------------------------------------------------------------

_RULE_HEAD = re.compile(r"^\s*(?:Rule|Article)\s+(\d+[a-z]?(?:\s*bis)?)\s*[.:—–-]?\s*(.*)$", re.I)
_CHAPTER = re.compile(r"^\s*(?:Chapter|Chapitre)\s+([IVXLC]+|\d+)\b\s*[.:—–-]?\s*(.*)$", re.I)


def parse_rules_text(text: str) -> list[dict]:
    """Numbered rules from a plain text: a line `Rule 12` (optionally followed by the title on the
    same line, `Rule 12. Quorum`) opens a rule; when no title follows, the next line is the title;
    `Chapter III. Conduct of business` lines set the chapter of the rules after them."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text: required")
    rules: list[dict] = []
    chapter = ""
    current: dict | None = None
    for raw in text.splitlines():
        line = raw.strip()
        ch = _CHAPTER.match(line)
        if ch:
            chapter = line
            current = None
            continue
        head = _RULE_HEAD.match(line)
        if head:
            current = {"number": re.sub(r"\s+", " ", head.group(1)), "title": head.group(2).strip(),
                       "text": "", "chapter": chapter}
            rules.append(current)
            continue
        if current is None:
            if line:
                raise InvalidInput(f"text before the first rule: {line[:60]!r} (start with 'Rule 1')")
            continue
        if not current["title"] and line:
            current["title"] = line
        else:
            current["text"] = (current["text"] + "\n" + line).strip("\n") if line or current["text"] else ""
    if not rules:
        raise InvalidInput("text: no rule found (each rule starts with a line such as 'Rule 1')")
    seen = set()
    for r in rules:
        r["text"] = re.sub(r"\n{3,}", "\n\n", r["text"]).strip()
        if r["number"] in seen:
            raise InvalidInput(f"rule {r['number']} appears twice")
        seen.add(r["number"])
        if not r["text"]:
            raise InvalidInput(f"rule {r['number']} has no text")
    return rules
