from pathlib import Path

import pytest

from confmgr.drafts.structure import parse_document

DATA = Path(__file__).resolve().parents[3] / "confmgr" / "demo" / "data"


@pytest.fixture(scope="session")
def annex1_text():
    return (DATA / "annex1.fr.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def annex2_text():
    return (DATA / "annex2.fr.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def annex1(annex1_text):
    return parse_document(annex1_text)


@pytest.fixture(scope="session")
def annex2(annex2_text):
    return parse_document(annex2_text)
