"""The President's console by keyboard and screen reader: after each action and after a point of
order, focus stays on the control used (or, when that control is gone or disabled, moves to the
ruling field or to the live region that says what happened), never to <body>; the console says in
a sentence what happened; every "Move up" button says whose row it moves."""
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
    ids = small_conference(session)
    create_user(session, SYSTEM, "president@example.org", "president", password=PASSWORD)
    create_user(session, SYSTEM, "delegate@example.org", "delegate", participant="State 05", password=PASSWORD)
    sl = speakers.create_list(session, SYSTEM, 1, kind="states", agenda_item="12")
    for name in ("State 09", "State 11", "State 12"):
        speakers.inscribe(session, SYSTEM, sl.id, participant=name)
    return sl.id, ids


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path, _prepare) as (url, info):
        yield url, info


def _sign_in(page, url, email):
    page.goto(f"{url}/login?lang=en")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:near(input[name=password])")
    page.wait_for_url(re.compile(r"^(?!.*login).*$"))


def focused(page) -> str:
    return page.evaluate("document.activeElement === document.body ? 'BODY' : (document.activeElement.id || document.activeElement.tagName)")


def test_focus_and_words_after_each_console_action(browser, server, tmp_path):
    url, (lid, ids) = server
    console = browser.new_context().new_page()
    delegate = browser.new_context().new_page()
    _sign_in(console, url, "president@example.org")
    _sign_in(delegate, url, "delegate@example.org")
    console.goto(f"{url}/speakers/{lid}/console?lang=en")
    delegate.goto(f"{url}/speakers/{lid}?lang=en")
    for page in (console, delegate):
        expect(page.locator("#speakers-root")).to_have_attribute("data-live", "connected")
    message = console.locator("#speakers-message")

    # Each row's button says whose row it moves; the first row has none.
    moves = console.get_by_role("button", name=re.compile(r"^Move .+ up$"))
    expect(moves).to_have_count(2)
    expect(console.get_by_role("button", name="Move State 11 up")).to_have_count(1)
    expect(console.get_by_role("button", name="Move State 12 up")).to_have_count(1)

    # Moving State 12 up by keyboard: the list is redrawn, focus stays on State 12's button.
    console.get_by_role("button", name="Move State 12 up").focus()
    console.keyboard.press("Enter")
    expect(message).to_have_text("State 12 moved up to place 2.")
    expect(console.locator("ol.speakers-order li").nth(1)).to_contain_text("State 12")
    console.wait_for_timeout(300)  # the live event redraws the list once more
    assert focused(console) == f"move-up-{ids['State 12']}"
    console.screenshot(path=str(tmp_path / "console-after-move.png"), full_page=True)

    # Next speaker: the button stays usable (others wait) and keeps focus.
    console.locator("#console-next").focus()
    console.keyboard.press("Enter")
    expect(message).to_have_text("State 09 has the floor.")
    console.wait_for_timeout(300)
    assert focused(console) == "console-next"

    # Start: the button is now disabled; focus moves to the message that said what happened.
    console.locator("#console-start").focus()
    console.keyboard.press("Enter")
    expect(message).to_have_text("State 09 has the floor; clock started.")
    console.wait_for_timeout(300)
    assert focused(console) == "speakers-message"
    console.screenshot(path=str(tmp_path / "console-after-start.png"), full_page=True)

    # Pause turns into Resume: the same button (same id) keeps focus.
    console.locator("#console-pause").focus()
    console.keyboard.press("Enter")
    expect(message).to_have_text("Clock paused; State 09 keeps the floor.")
    console.wait_for_timeout(300)
    assert focused(console) == "console-pause"  # now "Resume", same place, same id
    expect(console.locator("#console-pause")).to_have_text("Resume")
    console.keyboard.press("Enter")
    expect(message).to_have_text("Clock resumed; State 09 has the floor.")

    # A point of order from the floor: the delegate's button goes away, focus goes to the page's message;
    # on the console, whose pause button is disabled by it, focus goes to the ruling field.
    console.locator("#console-pause").focus()
    delegate.get_by_role("button", name="Raise a point of order").focus()
    delegate.keyboard.press("Enter")
    expect(delegate.locator("#speakers-message")).to_have_text("Point of order raised by State 05; the clock is paused.")
    delegate.wait_for_timeout(300)
    assert focused(delegate) == "speakers-message"
    expect(console.locator("#ruling-text")).to_be_visible(timeout=2000)
    console.wait_for_timeout(300)
    assert focused(console) == "ruling-text"
    console.screenshot(path=str(tmp_path / "console-point-of-order.png"), full_page=True)

    # The ruling, typed and sent with Enter: the form goes away, focus goes to the message.
    console.keyboard.type("The point is well taken.")
    console.keyboard.press("Enter")
    expect(message).to_have_text("Ruling given; State 09 resumes.")
    expect(console.locator("#ruling-text")).to_have_count(0)
    console.wait_for_timeout(300)
    assert focused(console) == "speakers-message"

    # The list closed by its shortcut from <body>: still never <body> afterwards.
    console.evaluate("document.activeElement.blur()")
    console.keyboard.press("c")
    expect(message).to_have_text("The list of speakers is closed.")
    console.wait_for_timeout(300)
    assert focused(console) != "BODY"
    console.screenshot(path=str(tmp_path / "console-after-close.png"), full_page=True)
