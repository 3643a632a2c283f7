"""The whole conference as one JSON file: exported, imported into an empty database, exported again the same."""
import json

import pytest
from sqlalchemy import func, select

from confmgr.bulk import conference_file
from confmgr.core.actor import SYSTEM
from confmgr.core.errors import Conflict, InvalidInput
from confmgr.credentials import services as credentials
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Participant
from confmgr.speakers import services as speakers
from tests.conftest import _fresh_app


def set_up_english_conference(s):
    registry.save_conference(s, SYSTEM, symbol_prefix="TPNW/MSP/2026", languages=["en", "es"],
                             title_en="Meeting of States Parties", title_es="Reunión de los Estados Partes",
                             venue_en="Vienna", start_date="2026-06-21", end_date="2026-06-23")
    registry.create_participant(s, SYSTEM, names={"en": "Austria", "es": "Austria"}, kind="member_state",
                                regional_group="western_european_other")
    registry.create_participant(s, SYSTEM, names={"en": "Mexico", "es": "México"}, kind="member_state",
                                regional_group="latin_american_caribbean")
    registry.create_participant(s, SYSTEM, names={"en": "Arms Watch", "es": "Vigilancia"}, kind="ngo")
    registry.create_group(s, SYSTEM, names={"en": "Core Group", "es": "Grupo Básico"},
                          behalf={"en": "on behalf of the Core Group", "es": "en nombre del Grupo Básico"},
                          members=["austria", "mexico"])
    registry.add_agenda_item(s, SYSTEM, number="1", titles={"en": "Opening", "es": "Apertura"})
    registry.add_agenda_item(s, SYSTEM, number="1", letter="a", titles={"en": "Statements", "es": "Declaraciones"})
    registry.create_meeting(s, SYSTEM, number=1, date="2026-06-21", agenda_items=["1", "1 a"])
    speakers.record_statement(s, SYSTEM, meeting=1, participant="Mexico", on_behalf_of="core_group",
                              agenda_item="1 a", duration=480)
    speakers.record_statement(s, SYSTEM, meeting=1, participant="Arms Watch", duration=200)
    credentials.record_receipt(s, SYSTEM, "austria", category="formal", form="minister_for_foreign_affairs",
                               received_on="2026-06-20", representatives=[{"name": "A. Berger",
                                                                           "function": "head_of_delegation"}])
    s.commit()


def test_a_conference_exports_and_imports_whole(any_db_app, tmp_path):
    set_up_english_conference(db.session)
    exported = conference_file.export_conference(db.session)
    assert exported["conference"]["title_es"] == "Reunión de los Estados Partes"
    assert "title_fr" not in exported["conference"]
    text = json.dumps(exported, ensure_ascii=False)

    other = _fresh_app(f"sqlite:///{tmp_path / 'other.db'}")
    with other.app_context():
        conference_file.import_conference(db.session, json.loads(text))
        db.session.commit()
        again = conference_file.export_conference(db.session)
        assert again == exported
        heard = speakers.statements(db.session, meeting=1)
        assert [(x.participant.display("es"), x.on_behalf_of and x.on_behalf_of.behalf("es"), x.duration)
                for x in heard] == [("México", "en nombre del Grupo Básico", 480), ("Vigilancia", None, 200)]
        with pytest.raises(Conflict):
            conference_file.import_conference(db.session, json.loads(text))
        db.session.remove()
        db.engine.dispose()


def test_a_bad_file_stores_nothing(any_db_app):
    with pytest.raises(InvalidInput, match="conference"):
        conference_file.import_conference(db.session, {"participants": []})
    facts = {"conference": {"symbol_prefix": "X/1", "languages": ["en"], "title_en": "X"},
             "participants": [{"key": "a", "name_en": "A", "kind": "member_state"},
                              {"key": "b", "name_en": "B", "kind": "member_state", "regional_group": "europe"}]}
    with pytest.raises(InvalidInput, match="regional_group"):
        conference_file.import_conference(db.session, facts)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    assert registry.get_conference(db.session) is None


def test_the_command_line_exports_and_imports(app, tmp_path):
    set_up_english_conference(db.session)
    runner = app.test_cli_runner()
    path = tmp_path / "conference.json"
    result = runner.invoke(args=["conference", "export", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "confmgr-conference/1"
    refused = runner.invoke(args=["conference", "import", str(path)])
    assert refused.exit_code != 0 and "already recorded" in refused.output
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert "not a UTF-8 JSON file" in runner.invoke(args=["conference", "import", str(bad)]).output
