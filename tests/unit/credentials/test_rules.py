from datetime import date

import pytest

from confmgr.credentials import rules
from confmgr.credentials.rules import StateEntry


def test_status_is_the_examination_outcome_once_there_is_one():
    assert rules.effective_status("provisional", "pending") == "provisional"
    assert rules.effective_status("formal", "challenged") == "challenged"
    with pytest.raises(rules.RuleError):
        rules.effective_status("maybe", "pending")


@pytest.mark.parametrize("status,votes", [("formal", True), ("provisional", True), ("accepted", True),
                                          ("challenged", True), ("none", False), ("rejected", False)])
def test_member_states_vote_by_status(status, votes):
    assert rules.entitled_to_vote("member_state", status) is votes
    assert rules.entitled_to_vote("observer_state", status) is False


def test_form_must_fit_the_category():
    assert rules.check_form("formal", "head_of_state_or_government") == "head_of_state_or_government"
    assert rules.check_form("none", None) is None
    with pytest.raises(rules.RuleError, match="provisional"):
        rules.check_form("provisional", "minister_for_foreign_affairs")
    with pytest.raises(rules.RuleError):
        rules.check_form("none", "copy")


def test_files_are_judged_by_their_first_bytes():
    assert rules.sniff_file(b"%PDF-1.4 ...") == ("application/pdf", "pdf")
    assert rules.sniff_file(b"\x89PNG\r\n\x1a\n....") == ("image/png", "png")
    assert rules.sniff_file(b"\xff\xd8\xff\xe0JFIF") == ("image/jpeg", "jpg")
    with pytest.raises(rules.RuleError, match="empty"):
        rules.sniff_file(b"")
    with pytest.raises(rules.RuleError, match="not a PDF"):
        rules.sniff_file(b"GIF89a")
    with pytest.raises(rules.RuleError):
        rules.sniff_file(b"<html>%PDF-")


def test_deadline_warnings_for_states_without_formal_credentials():
    deadline = date(2012, 8, 27)
    assert rules.deadline_warning(deadline, date(2012, 8, 28), "provisional") == "overdue"
    assert rules.deadline_warning(deadline, date(2012, 8, 25), "none") == "due_soon"
    assert rules.deadline_warning(deadline, date(2012, 8, 1), "none") is None
    assert rules.deadline_warning(deadline, date(2012, 9, 1), "formal") is None
    assert rules.deadline_warning(None, date(2012, 9, 1), "none") is None


def _entries():
    return [StateEntry("egypt", "Égypte", "Egypt", "formal"),
            StateEntry("china", "Chine", "China", "formal", "challenged"),
            StateEntry("benin", "Bénin", "Benin", "provisional"),
            StateEntry("cuba", "Cuba", "Cuba", "none")]


def test_tally_sorts_by_name_and_counts_challenged_within_their_category():
    t = rules.tally(_entries(), "fr")
    assert t.counts() == {"formal": 2, "provisional": 1, "none": 1, "challenged": 1, "rejected": 0, "total": 4, "entitled_to_vote": 3}
    assert t.lists()["formal"] == ["china", "egypt"]


def test_draft_resolution_in_both_languages_lists_states_by_category():
    t = rules.tally(_entries(), "en")
    en = rules.draft_resolution(t, report_symbol="A/CONF.192/2012/RC/2", conference_fr="la Conférence",
                                conference_en="the Conference", lang="en")
    assert "formal credentials were received from 2 States: China and Egypt" in en
    assert "A/CONF.192/2012/RC/2" in en and "objection" in en and "Cuba" in en
    fr = rules.draft_resolution(rules.tally(_entries(), "fr"), report_symbol="A/CONF.192/2012/RC/2",
                                conference_fr="la Conférence", conference_en="the Conference", lang="fr")
    assert "en bonne et due forme ont été reçus de 2 États : Chine et Égypte" in fr
    assert "provisoirement" in fr
