"""The pages on the screens people use: the projector in the room (1920x1080, 1366x768, 1280x720) and
a phone 390 px wide, on the 2012 demo with its real, long names ("United Kingdom of Great Britain and
Northern Ireland", "on behalf of the Economic Community of West African States").

The projector must show everything at once in every state (nothing below the fold, the next
speakers visible); no signed-in page may scroll sideways on a phone: a wide table scrolls inside its
own box. Screenshots go to the pytest temporary folder (projector-<state>-<size>.png, phone-*.png).
"""
from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.server import Server

PASSWORD = "correct-horse-battery-1"
SCREENS = [(1920, 1080), (1366, 768), (1280, 720)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo():
    server = Server().create_schema().load_demo()
    tokens = {
        "sg@example.org": server.create_user("sg@example.org", "secretariat", password=PASSWORD),
        "president@example.org": server.create_user("president@example.org", "president", password=PASSWORD),
        "credentials@example.org": server.create_user("credentials@example.org", "credentials", password=PASSWORD),
        "kenya@example.org": server.create_user("kenya@example.org", "delegate", participant="Kenya",
                                                password=PASSWORD),
    }
    server.tokens = tokens
    server.start()
    yield server
    server.stop()


def api(server, method, path, body=None, who="sg@example.org"):
    request = urllib.request.Request(server.url + "/api/v1" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {server.tokens[who]}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read() or b"{}")


def signed_in(browser, server, email, lang="en", **context):
    page = browser.new_context(locale="en-GB", **context).new_page()
    page.goto(server.url + f"/login?lang={lang}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def fits(page) -> dict:
    return page.evaluate("""() => {
        const next = [...document.querySelectorAll('.projector-next li')];
        const last = next[next.length - 1];
        return {height: document.scrollingElement.scrollHeight, width: document.scrollingElement.scrollWidth,
                innerHeight: innerHeight, innerWidth: innerWidth, next: next.length,
                lastNextBottom: last ? last.getBoundingClientRect().bottom : 0,
                lastNextRight: last ? last.getBoundingClientRect().right : 0};
    }""")


def check_projector(page, label, tmp_path):
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)
        page.screenshot(path=str(tmp_path / f"projector-{label}-{width}x{height}.png"))
        got = fits(page)
        where = f"{label} at {width}x{height}: {got}"
        assert got["height"] <= got["innerHeight"], "the projector scrolls, " + where
        assert got["width"] <= got["innerWidth"], "the projector scrolls sideways, " + where
        assert got["lastNextBottom"] <= got["innerHeight"], "a next speaker is off screen, " + where


def test_the_projector_fits_the_room_screens_in_every_state(demo, browser, tmp_path):
    sl = api(demo, "POST", "/meetings/6/speakers-lists", {"kind": "states", "agenda_item": "15"})
    lid = sl["id"]
    projector = browser.new_context(locale="en-GB").new_page()
    projector.goto(f"{demo.url}/speakers/{lid}/projector?lang=en")
    expect(projector.locator("#speakers-root")).to_have_attribute("data-live", "connected")
    check_projector(projector, "empty", tmp_path)

    # Four inscriptions with the longest names of the demo; a group speaks first.
    api(demo, "POST", f"/speakers-lists/{lid}/inscriptions",
        {"participant": "nigeria", "level": "minister", "on_behalf_of": "ecowas"})
    api(demo, "POST", f"/speakers-lists/{lid}/inscriptions", {"participant": "united_kingdom"})
    api(demo, "POST", f"/speakers-lists/{lid}/inscriptions", {"participant": "jamaica", "on_behalf_of": "caricom"})
    api(demo, "POST", f"/speakers-lists/{lid}/inscriptions", {"participant": "iran"})
    api(demo, "POST", f"/speakers-lists/{lid}/inscriptions", {"participant": "venezuela"})
    expect(projector.locator(".projector-next li")).to_have_count(3, timeout=2000)
    check_projector(projector, "waiting", tmp_path)

    api(demo, "POST", f"/speakers-lists/{lid}/next", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/start", {}, who="president@example.org")
    # (names in either language: the page's language for names is another concern)
    expect(projector.locator("[data-now-name]")).to_contain_text(re.compile("Nig[eé]ria"), timeout=2000)
    expect(projector.locator(".projector-now .projector-behalf")).to_contain_text(re.compile("Africa|Afrique"))
    expect(projector.locator(".projector-next li")).to_have_count(3)
    check_projector(projector, "group-speaker", tmp_path)

    api(demo, "POST", f"/speakers-lists/{lid}/point-of-order", {"participant": "venezuela"},
        who="president@example.org")
    expect(projector.locator(".projector-poo")).to_contain_text("Venezuela", timeout=2000)
    check_projector(projector, "point-of-order", tmp_path)

    # The same states stay readable on a phone, without sideways scrolling.
    projector.set_viewport_size(PHONE)
    projector.wait_for_timeout(150)
    projector.screenshot(path=str(tmp_path / "phone-projector.png"), full_page=True)
    assert projector.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    api(demo, "POST", f"/speakers-lists/{lid}/ruling", {"ruling": "The point is well taken."},
        who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/end", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/next", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/right-of-reply", {"participant": "kenya"}, who="kenya@example.org")
    expect(projector.locator("[data-now-name]")).not_to_contain_text(re.compile("Nig[eé]ria"), timeout=2000)
    check_projector(projector, "after-ruling", tmp_path)

    # The longest name of the demo has the floor, two lines on the screen, with a point of order.
    api(demo, "POST", f"/speakers-lists/{lid}/start", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/end", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/next", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/start", {}, who="president@example.org")
    api(demo, "POST", f"/speakers-lists/{lid}/point-of-order", {"participant": "iran"}, who="president@example.org")
    expect(projector.locator("[data-now-name]")).to_contain_text(re.compile("United Kingdom|Royaume-Uni"), timeout=2000)
    expect(projector.locator(".projector-poo")).to_be_visible(timeout=2000)
    check_projector(projector, "long-name", tmp_path)


CRP3 = "A/CONF.192/2012/RC/CRP.3"
EVERYONE = ["/", "/participants", "/meetings", "/meetings/1", "/agenda", "/documents", f"/documents/{CRP3}",
            f"/compare?from={CRP3}&to={CRP3}/Rev.1", f"/compare?from={CRP3}&to={CRP3}/Rev.1&view=concordance",
            f"/compare?from={CRP3}&to={CRP3}/Rev.1&view=inline", f"/timeline/{CRP3}", f"/live/{CRP3}",
            "/speakers", "/speakers/1", "/speakers/1/projector", "/statements", "/meetings/1/statements",
            "/rules", "/procedure/parameters", "/meetings/1/decisions", "/bureau", "/elections", "/credentials/list",
            "/report"]
ROLE_PAGES = {
    "sg@example.org": ["/speakers/1/console", "/credentials/", "/credentials/committee", "/users", "/audit",
                       "/conference/edit", "/drafts/new"],
    "president@example.org": ["/speakers/1/console", "/credentials/", "/credentials/committee"],
    "credentials@example.org": [],
    "kenya@example.org": ["/credentials/mine"],
}


@pytest.mark.parametrize("email, lang", [(email, "en") for email in ROLE_PAGES]
                         + [("sg@example.org", "fr"), ("kenya@example.org", "fr")])
def test_no_signed_in_page_scrolls_sideways_on_a_phone(demo, browser, tmp_path, email, lang):
    page = signed_in(browser, demo, email, lang, viewport=PHONE)
    wide = []
    for n, path in enumerate(EVERYONE + ROLE_PAGES[email]):
        reply = page.goto(demo.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert reply.status == 200, f"{path} answers {reply.status} to {email}"
        if n == 0:
            assert page.locator("html").get_attribute("lang") == lang
        page.screenshot(path=str(tmp_path / f"phone-{email.split('@')[0]}-{lang}-{n:02d}.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((path, width))
    assert not wide, f"pages wider than a 390 px phone for {email}: {wide}"
    # A wide table keeps its width but scrolls inside its own box.
    page.goto(demo.url + "/meetings/1/statements")
    box = page.locator(".table-scroll", has=page.locator("#statements"))
    assert box.evaluate("el => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto'")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_headings_never_skip_a_level(demo, browser, tmp_path, lang):
    page = signed_in(browser, demo, "sg@example.org")
    page.goto(f"{demo.url}/report?lang={lang}")
    levels = page.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]"
                           ".map(h => Number(h.tagName[1]))")
    page.screenshot(path=str(tmp_path / f"report-{lang}.png"))
    assert len(levels) > 20 and 4 in levels
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not skips, f"heading levels skip: {skips} in {levels}"
