"""Elections to the Bureau as pure logic: ballots, the majority required, restricted ballots, ties,
and the regional balance against the agreed distribution. No database, no Flask."""
from __future__ import annotations

from dataclasses import dataclass, field

from confmgr.core.errors import InvalidInput
from confmgr.procedure.parameters import ProcedureParameters
from confmgr.procedure.rules import base_count


def can_acclaim(candidates: int, seats: int) -> bool:
    """Election by acclamation when there are no more candidates than seats."""
    return 0 < candidates <= seats


def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{name}: a whole number, 0 or more")
    return value


@dataclass(frozen=True)
class Ballot:
    """The count of one round of a secret ballot, as entered by the secretariat."""

    counts: dict[int, int]   # candidate -> votes
    ballots_cast: int
    invalid: int = 0
    abstentions: int = 0     # blank ballots: present but not voting
    present: int | None = None

    @property
    def present_and_voting(self) -> int:
        return self.ballots_cast - self.invalid - self.abstentions

    def validate(self, *, allowed: set[int], seats: int, entitled: int, names: dict[int, str] | None = None,
                 restricted: bool = False) -> None:
        names = names or {}
        _whole(self.ballots_cast, "ballots_cast")
        _whole(self.invalid, "invalid")
        _whole(self.abstentions, "abstentions")
        for cand, votes in self.counts.items():
            _whole(votes, f"votes for {names.get(cand, cand)}")
            if cand not in allowed:
                what = "in this restricted ballot" if restricted else "a candidate"
                raise InvalidInput(f"{names.get(cand, cand)} is not {what}: a ballot for them cannot be counted")
        if self.present is not None:
            _whole(self.present, "present")
            if self.ballots_cast > self.present:
                raise InvalidInput(f"more ballots ({self.ballots_cast}) than representatives present ({self.present})")
            if self.present > entitled:
                raise InvalidInput(f"present: {self.present} exceeds the {entitled} States entitled to vote")
        if self.ballots_cast > entitled:
            raise InvalidInput(f"more ballots ({self.ballots_cast}) than States entitled to vote ({entitled})")
        if self.invalid + self.abstentions > self.ballots_cast:
            raise InvalidInput("invalid and blank ballots exceed the ballots cast")
        voting = self.present_and_voting
        total = sum(self.counts.values())
        if seats == 1 and total != voting:
            raise InvalidInput(f"the votes for the candidates ({total}) must equal the valid, non-blank "
                               f"ballots ({voting})")
        if seats > 1 and not (voting <= total <= seats * voting) and not (voting == 0 and total == 0):
            raise InvalidInput(f"with {voting} valid ballots naming up to {seats} candidates each, the votes "
                               f"must total between {voting} and {seats * voting} (they total {total})")


@dataclass(frozen=True)
class RoundOutcome:
    required: int
    present_and_voting: int
    elected: list[int]
    next_candidates: list[int] = field(default_factory=list)  # the next, restricted ballot
    lot_among: list[int] = field(default_factory=list)        # a tie decided by lot among these...
    lot_seats: int = 0                                         # ...for this many seats

    @property
    def complete_without_lot(self) -> bool:
        return not self.next_candidates and not self.lot_among

    def to_dict(self) -> dict:
        return {"required": self.required, "present_and_voting": self.present_and_voting,
                "elected": list(self.elected), "next_candidates": list(self.next_candidates),
                "lot_among": list(self.lot_among), "lot_seats": self.lot_seats}


def tally_round(counts: dict[int, int], *, seats: int, present_and_voting: int, restricted: bool,
                params: ProcedureParameters, present: int | None = None,
                members: int | None = None) -> RoundOutcome:
    """Who is elected by this ballot, and what happens next.

    Those with the majority the conference requires in elections (by default more than half
    of present and voting) are elected, most votes first, up to
    the seats to fill. For the seats left, the next ballot is restricted to the leading candidates
    not elected: `restricted_ballot_factor` per seat (two for one seat), with everyone tied at the
    cut. In a restricted ballot a tie that still decides a seat goes to lot (or to a new ballot,
    if the rules say so).
    """
    if seats < 1:
        raise InvalidInput("no seat left to fill")
    threshold = params.majority("election")
    required = threshold.required(base_count(threshold, voting=present_and_voting, present=present,
                                             members=members, states_parties=members))
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    qualified = [c for c in ranked if present_and_voting > 0 and counts[c] >= required]
    elected: list[int] = []
    tied_for_last: list[int] = []
    if len(qualified) <= seats:
        elected = qualified
    else:
        cut = counts[qualified[seats - 1]]
        elected = [c for c in qualified if counts[c] > cut]
        tied_for_last = [c for c in qualified if counts[c] == cut]
    remaining = seats - len(elected)
    if remaining == 0:
        return RoundOutcome(required, present_and_voting, elected)
    lot_by_rules = params.election_tie == "lot"
    if tied_for_last:
        if restricted and lot_by_rules:
            return RoundOutcome(required, present_and_voting, elected, lot_among=tied_for_last, lot_seats=remaining)
        return RoundOutcome(required, present_and_voting, elected, next_candidates=tied_for_last)
    others = [c for c in ranked if c not in elected]
    keep = params.restricted_ballot_factor * remaining
    if len(others) > keep:
        cut = counts[others[keep - 1]]
        nxt = [c for c in others if counts[c] >= cut]
    else:
        nxt = others
    if restricted and lot_by_rules and len(nxt) > remaining:
        # A tie that the next ballot cannot break: everyone still in contention has the same votes.
        if len({counts[c] for c in nxt}) == 1 and set(nxt) == set(others):
            return RoundOutcome(required, present_and_voting, elected, lot_among=nxt, lot_seats=remaining)
    if not nxt:  # fewer candidates than seats: the seats left stay vacant
        return RoundOutcome(required, present_and_voting, elected)
    return RoundOutcome(required, present_and_voting, elected, next_candidates=nxt)


def regional_balance(held: list[str | None], distribution: dict[str, int]) -> list[dict]:
    """Seats held per regional group against the agreed distribution."""
    groups = list(distribution) + sorted({g for g in held if g and g not in distribution})
    rows = []
    for group in groups:
        count = sum(1 for g in held if g == group)
        agreed = distribution.get(group, 0)
        rows.append({"regional_group": group, "agreed": agreed, "held": count, "difference": count - agreed,
                     "status": "ok" if count == agreed else ("over" if count > agreed else "under")})
    return rows


def check_distribution_room(group: str | None, held: list[str | None], distribution: dict[str, int]) -> str | None:
    """A warning when electing one more from this group would exceed its agreed share."""
    if not distribution or group is None:
        return None
    if sum(1 for g in held if g == group) + 1 > distribution.get(group, 0):
        return f"the {group.replace('_', ' ')} group would exceed its agreed {distribution.get(group, 0)} seat(s)"
    return None
