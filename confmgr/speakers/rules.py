"""Pure rules of the speakers' list: who may be on which list, the speaking order, time limits,
the estimate of when a delegation will speak. No database, no Flask."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from confmgr.procedure.parameters import ProcedureParameters

LIST_KINDS = ("states", "igo", "ngo")

# Which participant kinds may be inscribed on which list. The EU and the Holy See speak among States.
ELIGIBLE_KINDS: dict[str, frozenset[str]] = {
    "states": frozenset({"member_state", "observer_state", "holy_see", "european_union"}),
    "igo": frozenset({"igo"}),
    "ngo": frozenset({"ngo"}),
}
# Who may ask for a right of reply (NGOs and IGOs do not reply).
REPLY_KINDS = frozenset({"member_state", "observer_state", "holy_see", "european_union"})


def eligibility_error(list_kind: str, participant_kind: str) -> str | None:
    """Why a participant of this kind may not be on a list of that kind, or None when it may."""
    allowed = ELIGIBLE_KINDS.get(list_kind)
    if allowed is None:
        return f"kind: {list_kind!r} is not one of {', '.join(LIST_KINDS)}"
    if participant_kind in allowed:
        return None
    where = {"igo": "the list of intergovernmental organizations",
             "ngo": "the list of non-governmental organizations"}
    if participant_kind == "ngo":
        return "a non-governmental organization speaks only on the NGO list"
    if participant_kind == "igo":
        return "an intergovernmental organization speaks only on the IGO list"
    return f"a {participant_kind.replace('_', ' ')} may not be inscribed on {where.get(list_kind, list_kind)}"


@dataclass(frozen=True)
class Entry:
    """A waiting inscription, as the ordering rule sees it."""

    id: int
    seq: int                    # order of inscription
    level: str
    group: bool = False         # speaks on behalf of a group
    reply: int = 0              # 0: a statement; 1, 2: first or second right of reply


def rule_key(entry: Entry, params: ProcedureParameters) -> tuple:
    levels = list(params.levels)
    key: list = []
    for criterion in params.ordering:
        if criterion == "group_first":
            key.append(0 if entry.group else 1)
        elif criterion == "level":
            key.append(levels.index(entry.level) if entry.level in levels else len(levels))
        elif criterion == "inscription":
            key.append(entry.seq)
    return (*key, entry.seq, entry.id)


def speaking_order(entries: Iterable[Entry], params: ProcedureParameters,
                   adjustments: Sequence[dict] = ()) -> list[Entry]:
    """Statements by the procedure's ordering, then the President's recorded moves and the
    exchanges of places applied in turn; rights of reply come after every statement, first
    replies before second ones, each in order of request."""
    entries = list(entries)
    statements = sorted((e for e in entries if not e.reply), key=lambda e: rule_key(e, params))
    replies = sorted((e for e in entries if e.reply), key=lambda e: (e.reply, e.seq, e.id))
    return apply_adjustments(statements, adjustments) + apply_adjustments(replies, adjustments)


def apply_adjustments(order: list[Entry], adjustments: Sequence[dict]) -> list[Entry]:
    """Apply swaps ({"op": "swap", "a", "b"}) and moves ({"op": "move", "id", "before": id or None
    for the end}) in turn; an adjustment naming someone no longer waiting here is passed over."""
    order = list(order)
    for adj in adjustments:
        ids = [e.id for e in order]
        if adj.get("op") == "swap":
            a, b = adj.get("a"), adj.get("b")
            if a in ids and b in ids:
                i, j = ids.index(a), ids.index(b)
                order[i], order[j] = order[j], order[i]
        elif adj.get("op") == "move":
            moved, before = adj.get("id"), adj.get("before")
            if moved not in ids or moved == before:
                continue
            if before is not None and before not in ids:
                continue
            entry = order.pop(ids.index(moved))
            if before is None:
                order.append(entry)
            else:
                order.insert([e.id for e in order].index(before), entry)
    return order


def time_limit(params: ProcedureParameters, *, group: bool, reply: int) -> int:
    return params.limit_for(group_statement=group, reply=reply)


def pace(heard: Iterable[tuple[float, int]]) -> float:
    """How long statements run against their limits so far: mean of duration / limit (1.0 with no data)."""
    ratios = [duration / limit for duration, limit in heard if limit > 0 and duration >= 0]
    if not ratios:
        return 1.0
    return sum(ratios) / len(ratios)


def waiting_estimates(limits: Sequence[int], *, current_remaining: float, pace_ratio: float,
                      default_limit: int) -> list[int]:
    """Seconds until each waiting speaker, in order, takes the floor: what is left of the current
    statement, then each earlier speaker's limit scaled by the pace so far."""
    out: list[int] = []
    t = max(current_remaining, 0.0)
    for limit in limits:
        out.append(int(round(t)))
        t += (limit or default_limit) * pace_ratio
    return out


def clock_elapsed(elapsed_before: float, running_for: float | None) -> float:
    """Seconds spoken: the time banked before the last pause plus the current run, if running."""
    return max(elapsed_before, 0.0) + max(running_for or 0.0, 0.0)


def reply_number(existing_replies: Iterable[int]) -> int:
    """The next right of reply a delegation may take on a list (1, then 2), or 0 when it has used both."""
    used = set(existing_replies)
    for n in (1, 2):
        if n not in used:
            return n
    return 0
