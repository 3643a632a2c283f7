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
    return [StateEntry("egypt", "Égypte", "Egypt", "formal", form="minister_for_foreign_affairs"),
            StateEntry("china", "Chine", "China", "formal", "challenged", form="head_of_state_or_government",
                       objection="not signed", objected_by_fr="Égypte", objected_by_en="Egypt"),
            StateEntry("benin", "Bénin", "Benin", "provisional", form="note_verbale"),
            StateEntry("cuba", "Cuba", "Cuba", "none")]


def test_tally_sorts_by_name_and_counts_challenged_within_their_category():
    t = rules.tally(_entries(), "fr")
    assert t.counts() == {"formal": 2, "provisional": 1, "none": 1, "challenged": 1, "rejected": 0, "total": 4, "entitled_to_vote": 3}
    assert t.lists()["formal"] == ["china", "egypt"]
    assert t.lists()["objections"] == ["china"]


def test_draft_resolution_in_both_languages_names_issuers_and_states_by_category():
    t = rules.tally(_entries(), "en")
    en = rules.draft_resolution(t, report_symbol="A/CONF.192/2012/RC/2", conference_fr="la Conférence",
                                conference_en="the Conference", lang="en")
    assert ("formal credentials were received from 2 States, issued by the Head of State or Government (China) "
            "and by the Minister for Foreign Affairs (Egypt);") in en
    assert "provisional information was received from 1 State: Benin," in en
    assert "nothing was received from 1 State: Cuba;" in en
    assert "A/CONF.192/2012/RC/2" in en and "objection raised to the credentials of China" in en
    fr = rules.draft_resolution(rules.tally(_entries(), "fr"), report_symbol="A/CONF.192/2012/RC/2",
                                conference_fr="la Conférence", conference_en="the Conference", lang="fr")
    assert ("ont été reçus de 2 États, émanant du chef d’État ou de gouvernement (Chine) et du ministre des "
            "affaires étrangères (Égypte);") in fr
    assert "provisoirement" in fr


def test_report_words_the_objection_and_its_fate_and_the_meeting_date():
    entries = _entries()
    entries[1] = StateEntry("china", "Chine", "China", "formal", "rejected", form="head_of_state_or_government",
                            objection="not signed", objected_by_fr="Égypte", objected_by_en="Egypt")
    t = rules.tally(entries, "en")
    resolution = rules.draft_resolution(t, report_symbol="X/2", conference_fr="la Conférence",
                                        conference_en="the Conference", lang="en")
    assert "Accepts the credentials of the representatives of the States referred to in the report, except " \
           "those of China, which the Conference rejected;" in resolution
    text = rules.report_text(t, report_symbol="X/2", members=["Egypt", "Benin"], chair="Egypt",
                             meeting_date=date(2030, 3, 4), lang="en", resolution=resolution)
    assert "2. The Committee met on 4 March 2030" in text
    assert ("4. Egypt objected to the credentials of China (not signed); the Conference decided to reject them."
            in text)
    assert ("issued by the Head of State or Government (China) and by the Minister for Foreign Affairs (Egypt)."
            in text)
