"""The secretariat checks how an issued draft is read before creating it, in a real browser."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from confmgr.accounts.services import create_user
from confmgr.core.actor import SYSTEM
from tests.server import running_server

PASSWORD = "correct horse battery"
DATA = Path(__file__).resolve().parents[1] / "data"


def _prepare(session):
    create_user(session, SYSTEM, "sg@example.org", "secretariat", password=PASSWORD)


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path, _prepare) as (url, _result):
        yield url


def test_check_the_parse_then_create(browser, server):
    page = browser.new_context().new_page()
    page.goto(f"{server}/login?lang=en")
    page.fill("input[name=email]", "sg@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:near(input[name=password])")
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))
    page.goto(f"{server}/drafts/new?lang=en")
    page.fill("#symbol", "A/CONF.300/2027/L.4")
    page.fill("#title", "Draft outcome document")
    page.select_option("#language", "en")
    page.set_input_files("#file", str(DATA / "draft_continuous.en.txt"))
    expect(page.get_by_role("button", name="Create the document")).to_have_count(0)
    page.get_by_role("button", name="Check the text").click()
    report = page.locator("#parse-report")
    expect(report).to_contain_text("17 numbered paragraphs")
    expect(report).to_contain_text("continuous across sections")
    expect(report).to_contain_text("A/CONF.300/2027/L.4")
    page.get_by_text("lines taken as page artefacts").click()
    expect(report.locator("td", has_text="running header or footer").first).to_be_visible()
    # the uploaded file's text now stands in the text field, so the confirmation sends what was checked
    expect(page.locator("#text")).to_have_value(re.compile("Third Review Conference"))
    page.get_by_role("button", name="Create the document").click()
    page.wait_for_url(re.compile(r"/documents/A/CONF\.300/2027/L\.4"))
    draft = page.locator("article.draft")
    expect(draft).to_contain_text("(para. 17)")  # the confirmed text is read as the checked one
    expect(draft).not_to_contain_text("Advance unedited version")
    expect(draft).not_to_contain_text("27-01234")
