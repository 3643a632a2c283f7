"""A small conference for the speakers' tests: States, an NGO, an IGO, the EU, two groups, meetings."""
from __future__ import annotations

from confmgr.core.actor import SYSTEM
from confmgr.registry import services as registry

STATES = [f"State {i:02d}" for i in range(1, 61)]


def small_conference(session) -> dict:
    registry.save_conference(session, SYSTEM, symbol_prefix="A/CONF.1", title_fr="Conférence", title_en="Conference")
    for name in STATES:
        registry.create_participant(session, SYSTEM, name_fr=name, name_en=name, kind="member_state",
                                    regional_group="african")
    registry.create_participant(session, SYSTEM, name_fr="ONG Paix", name_en="NGO Peace", kind="ngo", key="ngo_peace")
    registry.create_participant(session, SYSTEM, name_fr="Interpol", name_en="Interpol", kind="igo", key="interpol")
    registry.create_participant(session, SYSTEM, name_fr="Union européenne", name_en="European Union",
                                kind="european_union", key="eu")
    registry.create_group(session, SYSTEM, name_fr="Groupe africain", name_en="African Group", key="african_group",
                          members=["State 01", "State 02"], behalf_fr="au nom du Groupe africain",
                          behalf_en="on behalf of the African Group")
    registry.create_group(session, SYSTEM, name_fr="Autre groupe", name_en="Other group", key="other_group",
                          members=["State 03"])
    registry.add_agenda_item(session, SYSTEM, number="12", title_fr="Débat général", title_en="General debate")
    registry.add_agenda_item(session, SYSTEM, number="14", title_fr="ONG", title_en="NGOs")
    registry.create_meeting(session, SYSTEM, number=1, date="2012-08-27", agenda_items=["12", "14"])
    registry.create_meeting(session, SYSTEM, number=2, date="2012-08-27", period="afternoon", agenda_items=["12"])
    session.commit()
    return {p.name_fr: p.id for p in registry.list_participants(session)}
