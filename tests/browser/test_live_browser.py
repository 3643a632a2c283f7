"""Two browsers on the 2012 demo: the facilitator edits CRP.3 on screen and issues Rev.4; a delegate
following the text sees each edit and the new revision arrive within a second, without a reload,
and keeps following across a server restart.

The delegate follows the live text page (/live/<base>): it carries the same contract as the draft
page (data-live-stream, data-live-since, #revision-notice) and is the page of this area.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live.helpers import TEXT, create_draft, publish, revised
from tests.server import Server

BASE = "A/CONF.192/2012/RC/CRP.3"
PASSWORD = "correct-horse-battery-1"


@pytest.fixture(scope="module")
def demo():
    server = Server().create_schema().load_demo()
    server.sg_token = server.create_user("sg@example.org", "secretariat", password=PASSWORD)
    server.create_user("delegue@example.org", "delegate", participant="Allemagne", password=PASSWORD)
    server.start()
    yield server
    server.stop()


def _signed_in(browser, server, email):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_edits_and_a_new_revision_reach_the_other_browser_within_a_second(demo, browser):
    delegate = _signed_in(browser, demo, "delegue@example.org")
    facilitator = _signed_in(browser, demo, "sg@example.org")
    delegate.goto(demo.url + f"/live/{BASE}")
    facilitator.goto(demo.url + f"/live/{BASE}")
    expect(delegate.locator("#live-from")).to_have_text(f"{BASE}/Rev.3")
    expect(delegate.locator("html")).to_have_attribute("data-live-state", "online")
    expect(facilitator.locator("html")).to_have_attribute("data-live-state", "online")

    # The facilitator types; the delegate's copy follows, patch by patch, checksum-verified.
    editor = facilitator.locator("#live-editor")
    editor.press("Control+Home")
    editor.type("Texte à l'écran, version de travail. ", delay=15)
    expect(delegate.locator("#live-text")).to_contain_text("Texte à l'écran, version de travail.", timeout=1000)
    expect(facilitator.locator("#live-edit-status")).to_contain_text("Saved")
    versions = int(delegate.locator("#live-version").inner_text())
    assert versions >= 1

    # The facilitator issues the text as Rev.4 through the page; the delegate is told at once.
    facilitator.get_by_role("button", name="Issue as the next revision").click()
    notice = delegate.locator("#revision-notice")
    expect(notice).to_contain_text("CRP.3/Rev.4 published:", timeout=1000)
    expect(notice).to_contain_text("1 nouveau paragraphe")  # the summary, in the language of the text
    link = notice.get_by_role("link")
    expect(link).to_have_count(1)
    assert link.get_attribute("href") == f"/compare?from={BASE.replace('/', '%2F')}%2FRev.3&to={BASE.replace('/', '%2F')}%2FRev.4"
    expect(delegate.locator("#live-from")).to_have_text(f"{BASE}/Rev.4")
    expect(facilitator.locator(".flash")).to_contain_text(f"{BASE}/Rev.4 published")
    expect(facilitator.locator("html")).to_have_attribute("data-live-state", "online")

    # A server restart: the pages reconnect by themselves and pick up what was published meanwhile.
    demo.stop()
    expect(delegate.locator("html")).to_have_attribute("data-live-state", "offline", timeout=5000)
    demo.start()
    expect(delegate.locator("html")).to_have_attribute("data-live-state", "online", timeout=10000)
    expect(facilitator.locator("html")).to_have_attribute("data-live-state", "online", timeout=10000)
    editor.press("Control+End")
    editor.type(" Fin.", delay=15)
    expect(delegate.locator("#live-text")).to_contain_text("Fin.", timeout=3000)
    assert delegate.locator("#live-text").inner_text() == facilitator.locator("#live-editor").input_value()


def test_a_revision_published_elsewhere_replaces_the_text_on_screen_without_a_reload(demo, browser, tmp_path):
    base = "A/CONF.192/2012/RC/CRP.9"
    create_draft(demo, demo.sg_token, base, text=TEXT)
    publish(demo, demo.sg_token, base, revised(1))
    delegate = _signed_in(browser, demo, "delegue@example.org")
    delegate.goto(demo.url + f"/live/{base}")
    expect(delegate.locator("html")).to_have_attribute("data-live-state", "online")
    text = delegate.locator("#live-text")
    expect(text).to_contain_text("numéro 3 révisé 1 ")

    # Nobody edits on screen: the live text is the latest revision, and follows each new one at once.
    for k in (2, 3):
        publish(demo, demo.sg_token, base, revised(k))
        expect(delegate.locator("#revision-notice")).to_contain_text(f"CRP.9/Rev.{k} published", timeout=2000)
        expect(delegate.locator("#live-from")).to_have_text(f"{base}/Rev.{k}")
        expect(text).to_contain_text(f"numéro 3 révisé {k} ", timeout=2000)
        expect(text).not_to_contain_text(f"numéro 3 révisé {k - 1} ")
    delegate.screenshot(path=str(tmp_path / "live-text-after-rev3.png"), full_page=True)

    # While a facilitator edits, a revision published elsewhere leaves the working text on screen, says so,
    # and offers the facilitator to start again from it; starting again reaches the delegate at once.
    facilitator = _signed_in(browser, demo, "sg@example.org")
    facilitator.goto(demo.url + f"/live/{base}")
    expect(facilitator.locator("html")).to_have_attribute("data-live-state", "online")
    editor = facilitator.locator("#live-editor")
    editor.press("Control+End")
    editor.type(" Texte de travail.", delay=10)
    expect(text).to_contain_text("Texte de travail.", timeout=2000)
    publish(demo, demo.sg_token, base, revised(4))
    expect(delegate.locator("#revision-notice")).to_contain_text("CRP.9/Rev.4 published", timeout=2000)
    expect(delegate.locator("#live-state .flash")).to_contain_text(f"{base}/Rev.4 was published after", timeout=2000)
    expect(delegate.locator("#live-from")).to_have_text(f"{base}/Rev.3")
    expect(text).to_contain_text("Texte de travail.")
    delegate.screenshot(path=str(tmp_path / "live-text-rev4-while-editing.png"), full_page=True)
    restart = facilitator.get_by_role("button", name=f"Start again from {base}/Rev.4")
    expect(restart).to_be_visible(timeout=2000)
    restart.click()
    expect(text).to_contain_text("numéro 3 révisé 4 ", timeout=2000)
    expect(text).not_to_contain_text("Texte de travail.")
    expect(delegate.locator("#live-from")).to_have_text(f"{base}/Rev.4")
    expect(delegate.locator("#live-state .flash")).to_have_count(0)
    delegate.reload()
    assert delegate.locator("#live-text").inner_text() == text.inner_text()
