"""The main pages in French show no English interface words.

The demo conference is French anyway; what the pages show of it in English (rules of procedure stored
only in English, texts marked lang="en", JSON in the audit log, text areas) is left out, and so is
code-like text. The same pages in English must show the words, so that the check cannot pass by
stripping everything.
"""
import html
import re

import pytest

from confmgr.demo import loader
from confmgr.extensions import db

# English interface words whose French differs; matched as whole words, case-sensitive.
ENGLISH = [
    "Meeting", "Meetings", "Speaker", "Speakers", "Sign out", "Sign in", "Agenda", "Credentials",
    "Rules of procedure", "Decisions", "Elections", "Election", "Save", "Search", "Filter", "Status",
    "Statement", "Statements", "Delegation", "Report", "Audit log", "Language", "Skip to content",
    "Now speaking", "Next speaker", "No one", "Timeline", "Compare", "Back to", "Inscribe", "Point of order",
    "Right of reply", "In favour", "Against", "Regional group", "Kind", "Period", "Name", "Title", "Edit",
    "Export", "Upload", "History", "Members", "Chair", "Held", "Seats", "Candidate", "Record", "Projector",
    "Level", "Duration", "Total time", "Statistics", "Group", "Groups", "None yet", "Nothing", "Older",
    "Newer", "Before", "After", "Who", "When", "Live updates", "Text", "Changed", "Deleted", "Moved",
    "Merged", "Words", "Brackets", "Side by side", "Changes only", "Publish", "Vacant", "Balance", "Appoint",
    "Offices", "Key", "Method", "Received", "Deadline", "Representatives", "Files", "Examination", "Reason",
    "Majority", "Roll call", "Subject", "Item", "Result", "Kind of vote", "Withdraw", "Motions and decisions",
]
WORD = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(ENGLISH, key=len, reverse=True)) + r")(?![\w-])")

LEFT_OUT = [
    r"<(script|style|textarea|code|pre)\b.*?</\1>",
    r"<(?!html\b)(\w+)\b[^>]*\blang=\"(?!{lang})[^\"]*\"[^>]*>.*?</\1>",  # text in the other language
    r"<article class=\"rule\".*?</article>",  # the demo's rules of procedure exist only in English
    r"<h2 class=\"chapter\">.*?</h2>",
    r"<!--.*?-->",
]


def visible_text(page: str, lang: str = "fr") -> str:
    for pattern in LEFT_OUT:
        page = re.sub(pattern.replace("{lang}", lang), " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def demo(app):
    loader.load(db.session)
    db.session.commit()


@pytest.fixture
def pages(client, demo, make_user, bearer):
    _, token = make_user("secretariat")
    headers = bearer(token)

    def get(url: str, lang: str = "fr") -> str:
        response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}", headers=headers)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    speakers = get("/speakers")
    list_id = re.search(r'href="/speakers/(\d+)/console', speakers).group(1)
    election_id = re.search(r'href="/elections/(\d+)"', get("/elections")).group(1)
    compare = html.unescape(re.search(r'href="(/compare\?from=[^"]+)"', get("/documents")).group(1))
    urls = [
        "/", "/participants", "/meetings", "/meetings/1", "/meetings/1/decisions", "/meetings/1/statements",
        "/agenda", "/documents", "/documents/A/CONF.192/2012/RC/CRP.3/Rev.1", compare, "/speakers",
        f"/speakers/{list_id}", f"/speakers/{list_id}/console", f"/speakers/{list_id}/projector", "/rules",
        "/procedure/parameters", "/bureau", "/elections", f"/elections/{election_id}", "/credentials/",
        "/credentials/committee", "/credentials/states/algeria", "/report", "/audit",
    ]
    return get, urls


def test_french_pages_show_no_english_interface_words(pages, client):
    get, urls = pages
    found = {}
    for url in urls:
        words = sorted(set(WORD.findall(visible_text(get(url)))))
        if words:
            found[url] = words
    login = client.get("/login?lang=fr").get_data(as_text=True)
    words = sorted(set(WORD.findall(visible_text(login))))
    if words:
        found["/login"] = words
    assert found == {}


def test_the_same_pages_in_english_show_the_words(pages, client):
    get, urls = pages
    silent = [url for url in urls if not WORD.search(visible_text(get(url, "en"), "en"))]
    assert silent == []
    assert WORD.search(visible_text(client.get("/login?lang=en").get_data(as_text=True), "en"))
