"""The 2012 demo: the Committee of nine (aligned on the General Assembly's at its sixty-sixth session:
the composition is in the demo data only),
the credentials received, the report A/CONF.192/2012/RC/2 and its adoption at the 14th meeting.

The seed report (A/CONF.192/2012/RC/4, paras. 10-11) gives the members, the report's symbol and the
meeting of adoption. What each State sent and when is illustrative, and stored marked so; the texts of
the report and the resolution are generated from that illustrative record and marked illustrative too.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.credentials import services

# The forms named in the facts file, as the categories the workflow records.
FORMS = {
    "Head of State or Government": ("formal", "head_of_state_or_government"),
    "Minister for Foreign Affairs": ("formal", "minister_for_foreign_affairs"),
    "Secretary of State": ("formal", "minister_for_foreign_affairs"),
    "note verbale": ("provisional", "note_verbale"),
    "copy": ("provisional", "copy"),
    "letter": ("provisional", "letter"),
}
GA_SESSION = 66


def load(session: Session, facts: dict) -> dict:
    committee = facts.get("credentials_committee")
    if not committee:
        return {}
    services.appoint_committee(session, SYSTEM, meeting_number=committee.get("appointed_at_meeting") or 1,
                               members_refs=committee["members"], ga_session=GA_SESSION,
                               illustrative="appointed_at_meeting" in committee.get("illustrative_fields", []))
    # In 2012 the Holy See, an observer, presented credentials too: the conference asked its
    # observers for them, which the demo records as the kinds of those that sent credentials.
    kinds = {p["key"]: p["kind"] for p in facts.get("participants", [])}
    presenting = sorted({kinds.get(e["participant"], "member_state") for e in facts.get("credentials", [])}
                        | {"member_state"})
    services.update_settings(session, SYSTEM, presenting_kinds=presenting)
    received = 0
    for entry in facts.get("credentials", []):
        category, form = FORMS.get(entry.get("form"), (entry["status"], None))
        if category == "none":
            form = None
        services.record_receipt(session, SYSTEM, entry["participant"], category=category, form=form,
                                received_on=entry.get("received") if category != "none" else None,
                                illustrative=bool(entry.get("illustrative", True)))
        received += 1
    services.prepare_memorandum(session, SYSTEM)
    # "... qui avait examiné les pouvoirs ... et les avait jugés en bonne et due forme" (para. 11).
    services.examine_all(session, SYSTEM)
    services.draft_report(session, SYSTEM, symbol=committee["report"], illustrative=True)
    services.adopt_report(session, SYSTEM)
    decision = next((d for d in facts.get("decisions", []) if d.get("subject") == "credentials_report"), {})
    services.adopt_by_conference(session, SYSTEM, meeting_number=committee["adopted_at_meeting"],
                                 how=decision.get("how") or "consensus", agenda_item=decision.get("agenda_item"))
    return {"credentials committee members": len(committee["members"]), "credentials received": received}
