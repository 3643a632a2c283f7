from confmgr.procedure.parameters import ProcedureParameters, TimeLimits
from confmgr.speakers import rules
from confmgr.speakers.rules import Entry

P = ProcedureParameters()


def ids(order):
    return [e.id for e in order]


def test_group_statements_first_then_level_then_inscription():
    entries = [Entry(1, 1, "head_of_delegation"), Entry(2, 2, "minister"), Entry(3, 3, "head_of_delegation", group=True),
               Entry(4, 4, "head_of_state"), Entry(5, 5, "minister")]
    assert ids(rules.speaking_order(entries, P)) == [3, 4, 2, 5, 1]


def test_ordering_follows_the_conference_parameters():
    by_inscription = ProcedureParameters(ordering=("inscription",))
    entries = [Entry(1, 1, "other"), Entry(2, 2, "head_of_state", group=True)]
    assert ids(rules.speaking_order(entries, by_inscription)) == [1, 2]
    level_only = ProcedureParameters(ordering=("level", "inscription"))
    entries = [Entry(1, 1, "minister", group=True), Entry(2, 2, "head_of_state")]
    assert ids(rules.speaking_order(entries, level_only)) == [2, 1]


def test_replies_come_after_every_statement_first_replies_before_second():
    entries = [Entry(1, 1, "minister", reply=2), Entry(2, 2, "other"), Entry(3, 3, "minister", reply=1),
               Entry(4, 4, "head_of_state")]
    assert ids(rules.speaking_order(entries, P)) == [4, 2, 3, 1]


def test_swaps_and_moves_are_applied_in_turn_and_survive_new_inscriptions():
    entries = [Entry(1, 1, "head_of_delegation"), Entry(2, 2, "head_of_delegation"), Entry(3, 3, "head_of_delegation")]
    adj = [{"op": "swap", "a": 1, "b": 3}]
    assert ids(rules.speaking_order(entries, P, adj)) == [3, 2, 1]
    adj.append({"op": "move", "id": 1, "before": 2})
    assert ids(rules.speaking_order(entries, P, adj)) == [3, 1, 2]
    # a later minister still goes ahead by the rule; the recorded exchange keeps its meaning
    entries.append(Entry(4, 4, "minister"))
    assert ids(rules.speaking_order(entries, P, adj)) == [4, 3, 1, 2]
    # someone no longer waiting: their adjustments are passed over
    assert ids(rules.speaking_order([e for e in entries if e.id != 3], P, adj)) == [4, 1, 2]
    assert ids(rules.apply_adjustments(entries, [{"op": "move", "id": 1, "before": None}])) == [2, 3, 4, 1]


def test_eligibility_by_list_kind():
    assert rules.eligibility_error("states", "member_state") is None
    assert rules.eligibility_error("states", "european_union") is None
    assert rules.eligibility_error("states", "holy_see") is None
    assert "NGO list" in rules.eligibility_error("states", "ngo")
    assert rules.eligibility_error("ngo", "ngo") is None
    assert rules.eligibility_error("ngo", "member_state")
    assert rules.eligibility_error("igo", "igo") is None
    assert "IGO list" in rules.eligibility_error("ngo", "igo")
    assert "kind" in rules.eligibility_error("plenary", "member_state")


def test_time_limits_per_kind_of_statement():
    params = ProcedureParameters(time_limits=TimeLimits(national=300, group=600, right_of_reply_first=120,
                                                        right_of_reply_second=60))
    assert rules.time_limit(params, group=False, reply=0) == 300
    assert rules.time_limit(params, group=True, reply=0) == 600
    assert rules.time_limit(params, group=False, reply=1) == 120
    assert rules.time_limit(params, group=False, reply=2) == 60


def test_estimates_use_the_pace_so_far():
    assert rules.pace([]) == 1.0
    assert rules.pace([(150, 300), (300, 300)]) == 0.75
    assert rules.waiting_estimates([300, 300, 600], current_remaining=100, pace_ratio=0.5, default_limit=300) == \
        [100, 250, 400]


def test_clock_and_reply_numbers():
    assert rules.clock_elapsed(30.0, 12.5) == 42.5
    assert rules.clock_elapsed(30.0, None) == 30.0
    assert rules.reply_number([]) == 1
    assert rules.reply_number([1]) == 2
    assert rules.reply_number([1, 2]) == 0
