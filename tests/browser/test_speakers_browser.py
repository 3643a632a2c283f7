"""Three pages open, as in the room: the President's console, the projector and a delegation."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from confmgr.accounts.services import create_user
from confmgr.core.actor import SYSTEM
from confmgr.speakers import services as speakers
from tests.server import running_server
from tests.services.speakers_setup import small_conference

PASSWORD = "correct horse battery"


def _prepare(session):
    small_conference(session)
    create_user(session, SYSTEM, "president@example.org", "president", password=PASSWORD)
    create_user(session, SYSTEM, "delegate@example.org", "delegate", participant="State 05", password=PASSWORD)
    sl = speakers.create_list(session, SYSTEM, 1, kind="states", agenda_item="12")
    speakers.inscribe(session, SYSTEM, sl.id, participant="State 09")
    return sl.id


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path, _prepare) as (url, list_id):
        yield url, list_id


def _sign_in(page, url, email):
    page.goto(f"{url}/login?lang=en")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:near(input[name=password])")
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))


def test_inscribe_call_project_point_of_order_and_record(browser, server):
    url, lid = server
    console = browser.new_context().new_page()
    delegate = browser.new_context().new_page()
    projector = browser.new_context().new_page()
    _sign_in(console, url, "president@example.org")
    _sign_in(delegate, url, "delegate@example.org")
    console.goto(f"{url}/speakers/{lid}/console?lang=en")
    delegate.goto(f"{url}/speakers/{lid}?lang=en")
    projector.goto(f"{url}/speakers/{lid}/projector?lang=en")
    for page in (console, delegate, projector):
        expect(page.locator("#speakers-root")).to_have_attribute("data-live", "connected")

    # the delegation inscribes at minister level: it goes ahead of State 09, live on every page
    delegate.select_option("#inscribe-level", "minister")
    delegate.click("button[data-action=inscribe]")
    expect(delegate.locator("[data-my-place]")).to_contain_text("1")
    expect(console.locator("ol.speakers-order li").first).to_contain_text("State 05", timeout=1000)
    expect(projector.locator(".projector-next li").first).to_contain_text("State 05", timeout=1000)

    # the President calls it by keyboard and starts the clock: the projector shows it within a second
    console.locator("body").press("n")
    expect(projector.locator("[data-now-name]")).to_contain_text("State 05", timeout=1000)
    expect(projector.locator(".projector-level")).to_contain_text("Minister")
    console.click("button[data-action=start]")
    expect(projector.locator("[data-clock]")).to_have_attribute("data-clock-running", "1", timeout=1000)
    expect(projector.locator("[data-clock-text]")).to_have_text(re.compile(r"^(9:5\d|10:00)$"))
    expect(delegate.locator("[data-now-name]")).to_contain_text("State 05")

    # a point of order from the floor pauses the speaker; the ruling resumes
    delegate.click("button[data-action=point-of-order]")
    expect(projector.locator(".projector-poo")).to_be_visible(timeout=1000)
    expect(projector.locator("[data-clock]")).to_have_attribute("data-clock-running", "0", timeout=1000)
    expect(console.locator("[data-clock-state]")).to_have_text("paused")
    console.fill("#ruling-text", "The point is well taken.")
    console.click("button[data-action=ruling]")
    expect(projector.locator(".projector-poo")).to_have_count(0, timeout=1000)
    expect(projector.locator("[data-clock]")).to_have_attribute("data-clock-running", "1", timeout=1000)

    console.wait_for_timeout(1200)
    console.click("button[data-action=end]")
    expect(projector.locator("[data-now-name]")).to_contain_text("No one has the floor", timeout=1000)

    # the record holds the statement with its duration (and the point of order)
    record = browser.new_context().new_page()
    record.goto(f"{url}/meetings/1/statements?lang=en")
    row = record.locator("#statements tbody tr", has_text="State 05").filter(has_not_text="point of order")
    expect(row).to_have_count(1)
    seconds = int(row.locator("td.duration").get_attribute("data-seconds"))
    assert 1 <= seconds <= 30
    expect(record.locator("#statements tbody tr", has_text="point of order")).to_have_count(1)
