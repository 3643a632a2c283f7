"""The parameters of the rules of procedure that the engine applies.

Pure data with defaults typical of a UN review conference; each conference stores its own values
(see ProcedureSettings), so no rule hard-codes one conference.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from fractions import Fraction
from typing import Any

from confmgr.core.errors import InvalidInput

ELECTION_TIES = ("lot", "new_ballot")
PROCEDURAL_MOTIONS = ("suspend_meeting", "adjourn_meeting", "adjourn_debate", "close_debate")
LEVELS = ("head_of_state", "vice_president", "minister", "vice_minister", "head_of_delegation", "other")
# What a threshold is counted on: members present and voting, members present, members of the
# conference (those entitled to vote) or all States parties.
BASES = ("present_and_voting", "present", "members", "states_parties")
THRESHOLD_RULES = ("more_than", "at_least")
ABSTENTIONS = ("not_counted", "counted")
# Shorthands kept from the first version of the parameters (still read from stored settings).
NAMED_MAJORITIES = {"simple": ("1/2", "more_than"), "two_thirds": ("2/3", "at_least"),
                    "three_fourths": ("3/4", "at_least")}
LEGACY_MAJORITY_KEYS = {"procedural_majority": "procedural", "substance_majority": "substance",
                        "reconsideration_majority": "reconsideration", "election_majority": "election"}
_QUESTION_NAME = re.compile(r"[a-z][a-z0-9_]{1,19}")


def parse_fraction(value: Any, field: str) -> Fraction:
    """A fraction in (0, 1]: "3/4", "0.5", 0.5 or 1."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(f"{field}: a fraction such as 2/3, above 0 and at most 1", field=field)
    try:
        fraction = Fraction(value.strip()) if isinstance(value, str) else Fraction(value).limit_denominator(1000)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise InvalidInput(f"{field}: {value!r} is not a fraction such as 2/3", field=field) from None
    if not 0 < fraction <= 1:
        raise InvalidInput(f"{field}: {value!r} is not above 0 and at most 1", field=field)
    if fraction.denominator > 1000:
        raise InvalidInput(f"{field}: a denominator of at most 1000", field=field)
    return fraction


@dataclass(frozen=True)
class Majority:
    """The threshold a question needs: `rule` (more than / at least) `fraction` of `base`."""

    fraction: Fraction = Fraction(1, 2)
    rule: str = "more_than"
    base: str = "present_and_voting"
    # Whether abstentions count among those present and voting (None: the conference-wide setting).
    abstentions: str | None = None

    def to_dict(self) -> dict:
        data = {"fraction": f"{self.fraction.numerator}/{self.fraction.denominator}", "rule": self.rule,
                "base": self.base}
        if self.abstentions is not None:
            data["abstentions"] = self.abstentions
        return data

    @classmethod
    def from_value(cls, value: Any, field: str) -> Majority:
        """A threshold object, or one of the shorthands `simple` and `two_thirds`."""
        if isinstance(value, str) and value in NAMED_MAJORITIES:
            fraction, rule = NAMED_MAJORITIES[value]
            return cls(fraction=Fraction(fraction), rule=rule)
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise InvalidInput(f"{field}: an object {{\"fraction\": \"p/q\", \"rule\", \"base\"}} "
                               f"or one of {', '.join(NAMED_MAJORITIES)}", field=field)
        unknown = set(value) - {"fraction", "rule", "base", "abstentions"}
        if unknown:
            raise InvalidInput(f"{field}: unknown field(s) {', '.join(sorted(unknown))}",
                               field=f"{field}.{sorted(unknown)[0]}")
        if "fraction" not in value:
            raise InvalidInput(f"{field}.fraction: required", field=f"{field}.fraction")
        fraction = parse_fraction(value["fraction"], f"{field}.fraction")
        rule = value.get("rule", "at_least")
        if rule not in THRESHOLD_RULES:
            raise InvalidInput(f"{field}.rule: one of {', '.join(THRESHOLD_RULES)}", field=f"{field}.rule")
        base = value.get("base", "present_and_voting")
        if base not in BASES:
            raise InvalidInput(f"{field}.base: one of {', '.join(BASES)}", field=f"{field}.base")
        abstentions = value.get("abstentions")
        if abstentions is not None and abstentions not in ABSTENTIONS:
            raise InvalidInput(f"{field}.abstentions: one of {', '.join(ABSTENTIONS)}",
                               field=f"{field}.abstentions")
        if rule == "more_than" and fraction == 1:
            raise InvalidInput(f"{field}.fraction: more than all of the {base.replace('_', ' ')} can never be reached",
                               field=f"{field}.fraction")
        return cls(fraction=fraction, rule=rule, base=base, abstentions=abstentions)

    def required(self, base_count: int) -> int:
        """Votes in favour needed on a base of `base_count`: at least 3/4 of 23 is 18, at least 2/3
        of 90 is 60, more than 1/2 of 100 is 51 (and of 101, 51)."""
        if base_count <= 0:
            return 1
        share = self.fraction * base_count
        if self.rule == "at_least":
            return max(1, math.ceil(share))
        return math.floor(share) + 1


def default_majorities() -> dict[str, Majority]:
    simple = Majority(Fraction(1, 2), "more_than")
    two_thirds = Majority(Fraction(2, 3), "at_least")
    return {"procedural": simple, "substance": two_thirds, "election": simple,
            "rules_amendment": two_thirds, "reconsideration": two_thirds}


@dataclass(frozen=True)
class TimeLimits:
    """Seconds a speaker may take; 0 means no limit."""

    national: int = 600
    group: int = 900
    right_of_reply_first: int = 300
    right_of_reply_second: int = 180
    point_of_order: int = 120


@dataclass(frozen=True)
class ProcedureParameters:
    time_limits: TimeLimits = field(default_factory=TimeLimits)
    # Speaking order: group statements first, then level of representation, then inscription.
    ordering: tuple[str, ...] = ("group_first", "level", "inscription")
    levels: tuple[str, ...] = LEVELS
    # Quorum as a fraction of the States entitled to vote: to open a meeting, and to take a decision.
    quorum_open: float = 1 / 3
    quorum_decide: float = 1 / 2
    # The threshold of each kind of question (substance once consensus efforts are exhausted).
    majorities: dict[str, Majority] = field(default_factory=default_majorities)
    abstentions_count_as_voting: bool = False
    motion_precedence: tuple[str, ...] = ("suspend_meeting", "adjourn_meeting", "adjourn_debate", "close_debate")
    speakers_for_against_on_motions: int = 2
    tie_means_rejection: bool = True
    roll_call_first_state: str | None = None  # key of the State drawn by lot
    roll_call_language: str = "en"            # the alphabet of the roll call (names in this language)
    # Elections (threshold: majorities["election"]): the restricted ballot keeps twice as many
    # candidates as seats remain (two for one seat); a tie that still matters is decided by lot.
    restricted_ballot_factor: int = 2
    election_tie: str = "lot"

    def majority(self, question: str) -> Majority:
        try:
            return self.majorities[question]
        except KeyError:
            raise InvalidInput(f"no majority is set for the question {question!r} "
                               f"(questions: {', '.join(self.majorities)})", field="majority") from None

    def counts_abstentions(self, question: str) -> bool:
        setting = self.majority(question).abstentions
        return self.abstentions_count_as_voting if setting is None else setting == "counted"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ordering"] = list(self.ordering)
        data["levels"] = list(self.levels)
        data["motion_precedence"] = list(self.motion_precedence)
        data["majorities"] = {q: m.to_dict() for q, m in self.majorities.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> ProcedureParameters:
        """Validated parameters from stored or submitted values; each step checks one group of them."""
        data = dict(data or {})
        _fold_legacy_majorities(data)
        _check_known(data, {f.name for f in fields(cls)})
        limits = _time_limits(data.pop("time_limits", None) or {})
        _name_lists(data)
        _quorums(data)
        if "majorities" in data:
            data["majorities"] = _majorities(data["majorities"])
        _flags(data)
        _whole_numbers(data)
        _choices(data)
        return cls(time_limits=limits, **data)

    def limit_for(self, *, group_statement: bool = False, reply: int = 0) -> int:
        if reply == 1:
            return self.time_limits.right_of_reply_first
        if reply >= 2:
            return self.time_limits.right_of_reply_second
        return self.time_limits.group if group_statement else self.time_limits.national


# --- the steps of ProcedureParameters.from_dict ------------------------------------------------------

def _fold_legacy_majorities(data: dict) -> None:
    """`substance_majority: "two_thirds"` and the like, as stored by the first version."""
    legacy = {key: data.pop(key) for key in list(data) if key in LEGACY_MAJORITY_KEYS}
    if not legacy:
        return
    majorities = dict(data.get("majorities") or default_majorities())
    for key, value in legacy.items():
        if value not in NAMED_MAJORITIES:
            raise InvalidInput(f"{key}: one of {', '.join(NAMED_MAJORITIES)}, or set "
                               f"majorities.{LEGACY_MAJORITY_KEYS[key]} to a fraction", field=key)
        majorities[LEGACY_MAJORITY_KEYS[key]] = value
    data["majorities"] = majorities


def _check_known(data: dict, known: set[str]) -> None:
    unknown = set(data) - known
    if unknown:
        raise InvalidInput(f"unknown procedure parameter(s): {', '.join(sorted(unknown))}",
                           field=sorted(unknown)[0])


def _time_limits(limits: Any) -> TimeLimits:
    if not isinstance(limits, dict):
        raise InvalidInput("time_limits: an object of seconds per kind of statement", field="time_limits")
    unknown_limits = set(limits) - {f.name for f in fields(TimeLimits)}
    if unknown_limits:
        raise InvalidInput(f"unknown time limit(s): {', '.join(sorted(unknown_limits))}", field="time_limits")
    for name, value in limits.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidInput(f"time_limits.{name}: whole seconds, 0 or more", field=f"time_limits.{name}")
    return TimeLimits(**limits)


def _name_lists(data: dict) -> None:
    for name in ("ordering", "levels", "motion_precedence"):
        if name in data:
            if not isinstance(data[name], list | tuple) or not all(isinstance(v, str) for v in data[name]):
                raise InvalidInput(f"{name}: a list of names", field=name)
            data[name] = tuple(data[name])
    if "motion_precedence" in data:
        unknown_motions = set(data["motion_precedence"]) - set(PROCEDURAL_MOTIONS)
        if unknown_motions:
            raise InvalidInput(f"motion_precedence: unknown motion(s) {', '.join(sorted(unknown_motions))}",
                               field="motion_precedence")


def _quorums(data: dict) -> None:
    for name in ("quorum_open", "quorum_decide"):
        if name in data:
            data[name] = float(parse_fraction(data[name], name))


def _majorities(value: Any) -> dict[str, Majority]:
    if not isinstance(value, dict) or not value:
        raise InvalidInput("majorities: an object with a threshold per kind of question", field="majorities")
    majorities = default_majorities()  # a standard question left out keeps its usual threshold
    for question, threshold in value.items():
        if not isinstance(question, str) or not _QUESTION_NAME.fullmatch(question):
            raise InvalidInput(f"majorities: {question!r} is not a question name such as substance",
                               field="majorities")
        majorities[question] = Majority.from_value(threshold, f"majorities.{question}")
    return majorities


def _flags(data: dict) -> None:
    for name in ("abstentions_count_as_voting", "tie_means_rejection"):
        if name in data and not isinstance(data[name], bool):
            raise InvalidInput(f"{name}: true or false", field=name)


def _whole_numbers(data: dict) -> None:
    for name, low, high in (("speakers_for_against_on_motions", 0, 10), ("restricted_ballot_factor", 1, 5)):
        if name in data:
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InvalidInput(f"{name}: a whole number from {low} to {high}", field=name)


def _choices(data: dict) -> None:
    if "election_tie" in data and data["election_tie"] not in ELECTION_TIES:
        raise InvalidInput(f"election_tie: one of {', '.join(ELECTION_TIES)}", field="election_tie")
    if "roll_call_language" in data and data["roll_call_language"] not in ("en", "fr"):
        raise InvalidInput("roll_call_language: en or fr", field="roll_call_language")
    first = data.get("roll_call_first_state")
    if first is not None and (not isinstance(first, str) or not first.strip()):
        raise InvalidInput("roll_call_first_state: the key of a State, or null", field="roll_call_first_state")
