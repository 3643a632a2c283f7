"""The parameters of the rules of procedure that the engine applies.

Pure data with defaults typical of a UN review conference; each conference stores its own values
(see ProcedureSettings), so no rule hard-codes one conference.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from confmgr.core.errors import InvalidInput

MAJORITIES = ("simple", "two_thirds")
ELECTION_TIES = ("lot", "new_ballot")
PROCEDURAL_MOTIONS = ("suspend_meeting", "adjourn_meeting", "adjourn_debate", "close_debate")
LEVELS = ("head_of_state", "vice_president", "minister", "vice_minister", "head_of_delegation", "other")


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
    # Quorum as a fraction of the States participating: to open a meeting, and to take a decision.
    quorum_open: float = 1 / 3
    quorum_decide: float = 1 / 2
    procedural_majority: str = "simple"      # majority of members present and voting
    substance_majority: str = "two_thirds"   # of present and voting, once consensus efforts are exhausted
    abstentions_count_as_voting: bool = False
    motion_precedence: tuple[str, ...] = ("suspend_meeting", "adjourn_meeting", "adjourn_debate", "close_debate")
    speakers_for_against_on_motions: int = 2
    reconsideration_majority: str = "two_thirds"
    tie_means_rejection: bool = True
    roll_call_first_state: str | None = None  # key of the State drawn by lot
    roll_call_language: str = "en"            # the alphabet of the roll call (names in this language)
    # Elections: majority of present and voting; the restricted ballot keeps twice as many
    # candidates as seats remain (two for one seat); a tie that still matters is decided by lot.
    election_majority: str = "simple"
    restricted_ballot_factor: int = 2
    election_tie: str = "lot"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ordering"] = list(self.ordering)
        data["levels"] = list(self.levels)
        data["motion_precedence"] = list(self.motion_precedence)
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> ProcedureParameters:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise InvalidInput(f"unknown procedure parameter(s): {', '.join(sorted(unknown))}")
        limits = data.pop("time_limits", None) or {}
        unknown_limits = set(limits) - {f.name for f in fields(TimeLimits)}
        if unknown_limits:
            raise InvalidInput(f"unknown time limit(s): {', '.join(sorted(unknown_limits))}")
        for name, value in limits.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidInput(f"time_limits.{name}: whole seconds, 0 or more")
        for name in ("ordering", "levels", "motion_precedence"):
            if name in data:
                if not isinstance(data[name], list | tuple) or not all(isinstance(v, str) for v in data[name]):
                    raise InvalidInput(f"{name}: a list of names")
                data[name] = tuple(data[name])
        for name in ("quorum_open", "quorum_decide"):
            if name in data:
                value = data[name]
                if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
                    raise InvalidInput(f"{name}: a fraction of the States participating, above 0 and at most 1")
                data[name] = float(value)
        for name in ("procedural_majority", "substance_majority", "reconsideration_majority", "election_majority"):
            if name in data and data[name] not in MAJORITIES:
                raise InvalidInput(f"{name}: one of {', '.join(MAJORITIES)}")
        for name in ("abstentions_count_as_voting", "tie_means_rejection"):
            if name in data and not isinstance(data[name], bool):
                raise InvalidInput(f"{name}: true or false")
        if "speakers_for_against_on_motions" in data:
            value = data["speakers_for_against_on_motions"]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
                raise InvalidInput("speakers_for_against_on_motions: a whole number from 0 to 10")
        if "restricted_ballot_factor" in data:
            value = data["restricted_ballot_factor"]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise InvalidInput("restricted_ballot_factor: a whole number from 1 to 5")
        if "election_tie" in data and data["election_tie"] not in ELECTION_TIES:
            raise InvalidInput(f"election_tie: one of {', '.join(ELECTION_TIES)}")
        if "roll_call_language" in data and data["roll_call_language"] not in ("en", "fr"):
            raise InvalidInput("roll_call_language: en or fr")
        if "motion_precedence" in data:
            unknown_motions = set(data["motion_precedence"]) - set(PROCEDURAL_MOTIONS)
            if unknown_motions:
                raise InvalidInput(f"motion_precedence: unknown motion(s) {', '.join(sorted(unknown_motions))}")
        first = data.get("roll_call_first_state")
        if first is not None and (not isinstance(first, str) or not first.strip()):
            raise InvalidInput("roll_call_first_state: the key of a State, or null")
        return cls(time_limits=TimeLimits(**limits), **data)

    def limit_for(self, *, group_statement: bool = False, reply: int = 0) -> int:
        if reply == 1:
            return self.time_limits.right_of_reply_first
        if reply >= 2:
            return self.time_limits.right_of_reply_second
        return self.time_limits.group if group_statement else self.time_limits.national
