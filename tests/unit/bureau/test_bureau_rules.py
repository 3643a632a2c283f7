"""Election rules with worked numbers: majority, restricted ballots, ties, regional balance."""
import pytest

from confmgr.bureau import rules
from confmgr.core.errors import InvalidInput
from confmgr.procedure.parameters import ProcedureParameters

P = ProcedureParameters()


def test_acclamation_when_candidates_do_not_exceed_seats():
    assert rules.can_acclaim(13, 13) and rules.can_acclaim(1, 1)
    assert not rules.can_acclaim(14, 13) and not rules.can_acclaim(0, 1)


def test_single_seat_elected_with_majority_of_present_and_voting():
    # 90 ballots, 2 invalid, 3 blank: 85 present and voting, 43 required.
    b = rules.Ballot(counts={1: 43, 2: 30, 3: 12}, ballots_cast=90, invalid=2, abstentions=3)
    b.validate(allowed={1, 2, 3}, seats=1, entitled=92)
    out = rules.tally_round(b.counts, seats=1, present_and_voting=b.present_and_voting, restricted=False, params=P)
    assert (out.present_and_voting, out.required, out.elected) == (85, 43, [1])


def test_no_majority_leads_to_a_restricted_ballot_between_the_two_leaders():
    out = rules.tally_round({1: 40, 2: 30, 3: 15}, seats=1, present_and_voting=85, restricted=False, params=P)
    assert out.elected == [] and out.next_candidates == [1, 2]
    # Second ballot between the two: 44 to 41 elects the first.
    out2 = rules.tally_round({1: 44, 2: 41}, seats=1, present_and_voting=85, restricted=True, params=P)
    assert out2.elected == [1] and out2.required == 43


def test_tie_for_second_place_keeps_both_in_the_restricted_ballot():
    out = rules.tally_round({1: 40, 2: 20, 3: 20}, seats=1, present_and_voting=80, restricted=False, params=P)
    assert out.next_candidates == [1, 2, 3]


def test_tie_in_the_restricted_ballot_is_decided_by_lot():
    out = rules.tally_round({1: 42, 2: 42}, seats=1, present_and_voting=84, restricted=True, params=P)
    assert out.elected == [] and sorted(out.lot_among) == [1, 2] and out.lot_seats == 1
    new_ballot = ProcedureParameters(election_tie="new_ballot")
    again = rules.tally_round({1: 42, 2: 42}, seats=1, present_and_voting=84, restricted=True, params=new_ballot)
    assert again.next_candidates == [1, 2] and not again.lot_among


def test_several_seats_elect_those_with_majority_then_restrict_to_twice_the_seats_left():
    # 3 seats, 60 present and voting (31 required): two elected, one seat left -> ballot among the next two.
    counts = {1: 50, 2: 40, 3: 25, 4: 20, 5: 10}
    out = rules.tally_round(counts, seats=3, present_and_voting=60, restricted=False, params=P)
    assert out.required == 31 and out.elected == [1, 2] and out.next_candidates == [3, 4]


def test_ballot_for_a_non_candidate_is_refused():
    b = rules.Ballot(counts={1: 10, 9: 5}, ballots_cast=15)
    with pytest.raises(InvalidInput, match="Ruritania is not a candidate"):
        b.validate(allowed={1, 2}, seats=1, entitled=92, names={9: "Ruritania"})


def test_more_ballots_than_present_or_entitled_is_refused():
    with pytest.raises(InvalidInput, match="more ballots"):
        rules.Ballot(counts={1: 50, 2: 41}, ballots_cast=91, present=90).validate(allowed={1, 2}, seats=1, entitled=92)
    with pytest.raises(InvalidInput, match="entitled"):
        rules.Ballot(counts={1: 50, 2: 50}, ballots_cast=100).validate(allowed={1, 2}, seats=1, entitled=92)


def test_votes_must_add_up_to_the_ballots():
    with pytest.raises(InvalidInput, match="must equal"):
        rules.Ballot(counts={1: 50, 2: 30}, ballots_cast=85).validate(allowed={1, 2}, seats=1, entitled=92)


def test_regional_balance_against_the_agreed_distribution():
    rows = rules.regional_balance(["african", "african", "asia_pacific"], {"african": 3, "asia_pacific": 1})
    assert rows[0] == {"regional_group": "african", "agreed": 3, "held": 2, "difference": -1, "status": "under"}
    assert rows[1]["status"] == "ok"
