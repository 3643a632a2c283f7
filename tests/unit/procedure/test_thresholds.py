"""Thresholds as fractions: the number required, the outcome and its explanation, ties and bad input."""
import pytest

from confmgr.core.errors import InvalidInput
from confmgr.procedure import rules
from confmgr.procedure.parameters import Majority, ProcedureParameters, default_majorities


def with_majorities(**changes) -> ProcedureParameters:
    majorities = {q: m.to_dict() for q, m in default_majorities().items()}
    majorities.update(changes)
    return ProcedureParameters.from_dict({"majorities": majorities})


def threshold(fraction: str, rule: str = "at_least", base: str = "present_and_voting") -> Majority:
    return Majority.from_value({"fraction": fraction, "rule": rule, "base": base}, "t")


@pytest.mark.parametrize("fraction, rule, base, needed", [
    ("3/4", "at_least", 23, 18), ("2/3", "at_least", 90, 60), ("1/2", "more_than", 100, 51),
    ("1/2", "more_than", 101, 51), ("2/3", "at_least", 100, 67), ("3/4", "at_least", 24, 18),
    ("1/2", "at_least", 100, 50), ("2/3", "more_than", 90, 61), ("1/1", "at_least", 7, 7),
])
def test_number_required(fraction, rule, base, needed):
    assert threshold(fraction, rule).required(base) == needed


def test_three_fourths_of_23_rejects_17_to_6_with_4_abstentions_and_says_why():
    params = with_majorities(substance={"fraction": "3/4", "rule": "at_least", "base": "present_and_voting"})
    result = rules.compute_result(rules.Tally(yes=17, no=6, abstain=4), "substance", params)
    assert (result.present_and_voting, result.required, result.outcome) == (23, 18, "rejected")
    assert result.explanation() == "Three-fourths of 23 present and voting: 18 required; 17 in favour: rejected"
    assert result.explanation("fr") == ("Les trois quarts des 23 présents et votants : 18 requis ; "
                                        "17 pour : rejeté")
    assert rules.compute_result(rules.Tally(yes=18, no=5, abstain=4), "substance", params).outcome == "adopted"


def test_a_tie_on_a_simple_majority_fails_and_says_so():
    result = rules.compute_result(rules.Tally(yes=50, no=50, abstain=3), "procedural", ProcedureParameters())
    assert result.tie and result.required == 51 and result.outcome == "rejected"
    assert result.explanation() == ("More than half of 100 present and voting: 51 required; "
                                    "50 in favour, 50 against (a tie): rejected")


def test_a_tie_under_at_least_one_half_fails_only_where_the_rules_say_so():
    params = with_majorities(procedural={"fraction": "1/2", "rule": "at_least"})
    assert rules.compute_result(rules.Tally(yes=50, no=50), "procedural", params).outcome == "rejected"
    lenient = ProcedureParameters.from_dict({**params.to_dict(), "tie_means_rejection": False})
    assert rules.compute_result(rules.Tally(yes=50, no=50), "procedural", lenient).outcome == "adopted"


def test_bases_present_members_and_states_parties():
    params = with_majorities(
        rules_amendment={"fraction": "2/3", "rule": "at_least", "base": "members"},
        substance={"fraction": "1/2", "rule": "more_than", "base": "present"},
        custom={"fraction": "1/2", "rule": "more_than", "base": "states_parties"})
    # Two-thirds of the 40 members: 27, whatever the turnout.
    r = rules.compute_result(rules.Tally(yes=26, no=0, abstain=0, present=30), "rules_amendment", params, entitled=40)
    assert (r.base_count, r.required, r.outcome) == (40, 27, "rejected")
    # More than half of the 30 present: 16, abstentions weigh against.
    r = rules.compute_result(rules.Tally(yes=15, no=5, abstain=10, present=30), "substance", params, entitled=40)
    assert (r.base_count, r.required, r.outcome) == (30, 16, "rejected")
    r = rules.compute_result(rules.Tally(yes=22, no=1, present=30), "custom", params, entitled=40, states_parties=44)
    assert (r.base_count, r.required, r.outcome) == (44, 23, "rejected")
    with pytest.raises(InvalidInput, match="present"):
        rules.compute_result(rules.Tally(yes=15, no=5), "substance", params, entitled=40)


def test_abstentions_counted_for_one_question_only():
    params = with_majorities(substance={"fraction": "2/3", "rule": "at_least", "abstentions": "counted"})
    r = rules.compute_result(rules.Tally(yes=20, no=5, abstain=10), "substance", params)
    assert (r.present_and_voting, r.required, r.outcome) == (35, 24, "rejected")
    r = rules.compute_result(rules.Tally(yes=20, no=5, abstain=10), "procedural", params)
    assert (r.present_and_voting, r.outcome) == (25, "adopted")


def test_the_quorum_is_a_fraction_too():
    params = ProcedureParameters.from_dict({"quorum_decide": "2/3"})
    with pytest.raises(InvalidInput, match="no quorum: 26 present, 27 needed"):
        rules.compute_result(rules.Tally(yes=20, no=5, present=26), "procedural", params, entitled=40)


@pytest.mark.parametrize("value, field", [
    ({"fraction": "5/4"}, "majorities.substance.fraction"),
    ({"fraction": "0"}, "majorities.substance.fraction"),
    ({"fraction": "-1/2"}, "majorities.substance.fraction"),
    ({"fraction": "three quarters"}, "majorities.substance.fraction"),
    ({"fraction": "1/0"}, "majorities.substance.fraction"),
    ({"fraction": 2}, "majorities.substance.fraction"),
    ({"fraction": True}, "majorities.substance.fraction"),
    ({"fraction": "1/1", "rule": "more_than"}, "majorities.substance.fraction"),
    ({"fraction": "3/4", "rule": "nearly"}, "majorities.substance.rule"),
    ({"fraction": "3/4", "base": "everyone"}, "majorities.substance.base"),
    ({"rule": "at_least"}, "majorities.substance.fraction"),
    ("three_quarters", "majorities.substance"),
])
def test_a_threshold_that_is_not_a_fraction_in_0_1_is_refused_naming_the_field(value, field):
    with pytest.raises(InvalidInput) as refused:
        with_majorities(substance=value)
    assert refused.value.details["field"] == field and field in refused.value.message


def test_a_question_needs_a_name_and_the_standard_questions_stay():
    with pytest.raises(InvalidInput, match="question name"):
        with_majorities(**{"Bad Name": {"fraction": "1/2"}})
    params = ProcedureParameters.from_dict({"majorities": {"substance": {"fraction": "3/4"}}})
    assert params.majorities["substance"] == threshold("3/4")
    assert params.majorities["election"] == threshold("1/2", "more_than")


def test_stored_shorthands_still_read():
    params = ProcedureParameters.from_dict({"substance_majority": "simple", "election_majority": "two_thirds"})
    assert params.majorities["substance"] == threshold("1/2", "more_than")
    assert params.majorities["election"] == threshold("2/3")
    assert ProcedureParameters.from_dict(params.to_dict()) == params
