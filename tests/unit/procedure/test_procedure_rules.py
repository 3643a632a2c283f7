"""The majority rules of the engine, with worked numbers."""
import pytest

from confmgr.core.errors import InvalidInput
from confmgr.procedure import rules
from confmgr.procedure.parameters import ProcedureParameters

P = ProcedureParameters()


@pytest.mark.parametrize("voting, needed", [(100, 51), (101, 51), (90, 46), (1, 1), (2, 2)])
def test_simple_majority_is_more_than_half_of_present_and_voting(voting, needed):
    assert rules.required_majority("simple", voting) == needed


@pytest.mark.parametrize("voting, needed", [(100, 67), (90, 60), (99, 66), (3, 2), (10, 7)])
def test_two_thirds_majority_of_present_and_voting(voting, needed):
    assert rules.required_majority("two_thirds", voting) == needed


def test_procedural_matter_adopted_by_51_to_49():
    r = rules.compute_result(rules.Tally(yes=51, no=49, abstain=20), "simple", P)
    assert (r.present_and_voting, r.required, r.adopted) == (100, 51, True)


def test_abstentions_count_as_not_voting():
    # 40 for, 30 against, 50 abstaining: 70 present and voting, 36 needed, adopted.
    r = rules.compute_result(rules.Tally(yes=40, no=30, abstain=50), "simple", P)
    assert (r.present_and_voting, r.required, r.outcome) == (70, 36, "adopted")
    counted = ProcedureParameters(abstentions_count_as_voting=True)
    r2 = rules.compute_result(rules.Tally(yes=40, no=30, abstain=50), "simple", counted)
    assert (r2.present_and_voting, r2.required, r2.outcome) == (120, 61, "rejected")


def test_substance_needs_two_thirds_66_to_34_fails_67_to_33_passes():
    assert rules.compute_result(rules.Tally(yes=66, no=34), "two_thirds", P).outcome == "rejected"
    r = rules.compute_result(rules.Tally(yes=67, no=33, abstain=5), "two_thirds", P)
    assert (r.required, r.outcome) == (67, "adopted")


def test_two_thirds_is_twice_as_many_yes_as_no():
    assert rules.compute_result(rules.Tally(yes=60, no=30), "two_thirds", P).adopted
    assert not rules.compute_result(rules.Tally(yes=59, no=30), "two_thirds", P).adopted


def test_a_tie_means_rejection():
    r = rules.compute_result(rules.Tally(yes=45, no=45, abstain=3), "simple", P)
    assert r.tie and r.outcome == "rejected"


def test_each_motion_puts_a_kind_of_question_with_its_own_threshold():
    assert rules.majority_for("reconsideration", "procedural", P) == "reconsideration"
    assert rules.majority_for("proposal", "substance", P) == "substance"
    assert rules.majority_for("close_debate", "substance", P) == "procedural"
    assert rules.majority_for("proposal", "procedural", P) == "procedural"
    assert rules.majority_for("proposal", "rules_amendment", P) == "rules_amendment"
    two_thirds = {"fraction": "2/3", "rule": "at_least", "base": "present_and_voting"}
    assert P.majorities["reconsideration"].to_dict() == two_thirds
    assert P.majorities["substance"].to_dict() == two_thirds
    assert P.majorities["procedural"].to_dict() == {"fraction": "1/2", "rule": "more_than",
                                                    "base": "present_and_voting"}


def test_more_votes_than_present_is_refused():
    with pytest.raises(InvalidInput, match="more votes"):
        rules.compute_result(rules.Tally(yes=50, no=40, abstain=20, present=100), "simple", P)


def test_more_votes_than_states_entitled_is_refused():
    with pytest.raises(InvalidInput, match="entitled"):
        rules.compute_result(rules.Tally(yes=60, no=40), "simple", P, entitled=90)


def test_quorum_to_decide_is_a_majority_of_states():
    assert rules.quorum_needed(0.5, 92) == 46
    assert rules.quorum_needed(1 / 3, 92) == 31
    with pytest.raises(InvalidInput, match="no quorum"):
        rules.compute_result(rules.Tally(yes=20, no=5, present=45), "simple", P, entitled=92)
    assert rules.compute_result(rules.Tally(yes=20, no=5, present=46), "simple", P, entitled=92).adopted


def test_precedence_of_procedural_motions():
    assert rules.takes_precedence_over("suspend_meeting", P)[:3] == ["adjourn_meeting", "adjourn_debate", "close_debate"]
    assert rules.takes_precedence_over("close_debate", P) == ["proposal", "reconsideration"]
    pending = [rules.PendingMotion(1, "proposal", "7"), rules.PendingMotion(2, "close_debate", "7")]
    assert rules.blocking_motion("proposal", 1, pending, P).id == 2
    assert rules.blocking_motion("close_debate", 2, pending, P) is None


def test_motion_out_of_order_during_a_vote_or_without_a_debate():
    ruling = rules.rule_on_motion("adjourn_meeting", agenda_item=None, pending=[], vote_in_progress=True, params=P)
    assert not ruling.in_order and "vote is in progress" in ruling.reason
    ruling = rules.rule_on_motion("close_debate", agenda_item=None, pending=[], vote_in_progress=False, params=P)
    assert not ruling.in_order
    ruling = rules.rule_on_motion("close_debate", agenda_item="12", pending=[], vote_in_progress=False,
                                  closed_items={"12"}, params=P)
    assert "already closed" in ruling.reason
    ok = rules.rule_on_motion("adjourn_debate", agenda_item="12", pending=[], vote_in_progress=False, params=P)
    assert ok.in_order and ok.majority == "procedural" and "close_debate" in ok.precedes


def test_two_speakers_for_and_two_against():
    rules.check_motion_speaker("adjourn_debate", "for", 1, 0, P)
    with pytest.raises(InvalidInput, match="2 speakers for"):
        rules.check_motion_speaker("adjourn_debate", "for", 2, 0, P)
    with pytest.raises(InvalidInput, match="2 speakers against"):
        rules.check_motion_speaker("close_debate", "against", 0, 2, P)
    with pytest.raises(InvalidInput, match="without debate"):
        rules.check_motion_speaker("suspend_meeting", "for", 0, 0, P)


def test_substance_voted_only_after_consensus_efforts_exhausted():
    with pytest.raises(InvalidInput, match="consensus"):
        rules.check_vote_allowed("proposal", "substance", False)
    rules.check_vote_allowed("proposal", "substance", True)
    rules.check_vote_allowed("proposal", "procedural", False)


def test_roll_call_alphabetical_from_the_state_drawn_by_lot():
    states = [(1, "Brazil"), (2, "Algeria"), (3, "Éthiopie"), (4, "Denmark"), (5, "Chile")]
    assert rules.roll_call_order(states, 5) == [5, 4, 3, 2, 1]
    assert rules.roll_call_order(states, 2) == [2, 1, 5, 4, 3]
    rules.check_roll_call_answer([5, 4, 3], [5], 4)
    with pytest.raises(InvalidInput, match="roll-call order"):
        rules.check_roll_call_answer([5, 4, 3], [5], 3)


def test_parse_the_text_of_the_rules():
    parsed = rules.parse_rules_text("Chapter I. Officers\nRule 1\nElections\nThe Conference shall elect.\n\n"
                                    "Rule 2. Quorum\nOne third.\nA majority to decide.")
    assert [(r["number"], r["title"]) for r in parsed] == [("1", "Elections"), ("2", "Quorum")]
    assert parsed[1]["text"] == "One third.\nA majority to decide."
    assert parsed[0]["chapter"] == "Chapter I. Officers"
    with pytest.raises(InvalidInput, match="first rule"):
        rules.parse_rules_text("just words")


def test_parameters_refuse_nonsense():
    with pytest.raises(InvalidInput, match="procedural_majority"):
        ProcedureParameters.from_dict({"procedural_majority": "three_quarters"})
    with pytest.raises(InvalidInput, match="quorum_decide"):
        ProcedureParameters.from_dict({"quorum_decide": 1.5})
    with pytest.raises(InvalidInput, match="motion_precedence"):
        ProcedureParameters.from_dict({"motion_precedence": ["dance"]})
    assert ProcedureParameters.from_dict(ProcedureParameters().to_dict()) == ProcedureParameters()
