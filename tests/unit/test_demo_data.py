"""The 2012 demo conference, checked against the seed report (A/CONF.192/2012/RC/4, French)."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from confmgr.registry.symbols import find_symbols, parse_symbol

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "A_CONF.192_2012_RC_4.fr.txt"
DATA = ROOT / "confmgr" / "demo" / "data" / "conference_2012.json"

MONTHS = {"mars": 3, "août": 8, "septembre": 9}
REGIONAL_GROUPS = {"african", "asia_pacific", "eastern_european", "latin_american_caribbean",
                   "western_european_other"}
STATE_KINDS = {"member_state", "observer_state"}
LEVELS = {"head_of_state", "vice_president", "minister", "vice_minister", "head_of_delegation", "other"}


# --- fixtures and helpers ----------------------------------------------------------------

@pytest.fixture(scope="module")
def raw() -> str:
    assert SEED.exists(), (f"the seed report is missing: expected {SEED} "
                           "(tests/data holds a copy of the seed report)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def flat(raw) -> str:
    """The seed with every run of whitespace (line breaks included) made one space."""
    return re.sub(r"\s+", " ", raw)


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_key(data) -> dict:
    return {p["key"]: p for p in data["participants"]}


@pytest.fixture(scope="module")
def groups(data) -> dict:
    return {g["key"]: g for g in data["groups"]}


def between(text: str, start: str, end: str) -> str:
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)].strip()


def split_top_level(text: str) -> list[str]:
    """Split on commas outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return parts


def french_list(text: str) -> list[str]:
    """'A, B, C et D' -> [A, B, C, D]; an item that is only a parenthesis belongs to the previous
    one (the seed writes "Nouvelle-Zélande, (au nom du ...)")."""
    items: list[str] = []
    for part in split_top_level(text):
        if part.startswith("(") and items:
            items[-1] = f"{items[-1]} {part}"
        else:
            items.append(part)
    last = items.pop()
    head, sep, tail = last.partition(" et ")
    assert sep and "(" not in head, f"cannot find the final 'et' in {last!r}"
    return items + [head, tail]


def with_article(p: dict) -> str:
    art = p["article_fr"]
    if not art:
        return p["name_fr"]
    return f"{art}{p['name_fr']}" if art.endswith("’") else f"{art} {p['name_fr']}"


def seed_date(day: str, month: str) -> str:
    return date(2012, MONTHS[month], int(day)).isoformat()


def key_by_name_fr(data: dict) -> dict:
    return {p["name_fr"]: p["key"] for p in data["participants"]}


def meeting(data: dict, number: int) -> dict:
    (m,) = [m for m in data["meetings"] if m["number"] == number]
    return m


# --- the data file on its own ------------------------------------------------------------

def test_top_level_keys(data):
    for key in ("conference", "meetings", "agenda", "documents", "participants", "groups", "general_debate",
                "igo_statements", "ngo_statements", "bureau", "credentials_committee", "decisions",
                "final_documents"):
        assert key in data, key


def test_participant_keys_unique_and_states_have_regional_groups(data):
    keys = [p["key"] for p in data["participants"]]
    assert len(keys) == len(set(keys))
    for p in data["participants"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", p["key"]), p["key"]
        assert p["name_fr"] and p["name_en"], p["key"]
        assert p["article_fr"] in (None, "le", "la", "l’", "les"), p["key"]
        assert p["kind"] in {"member_state", "observer_state", "holy_see", "european_union", "igo", "ngo"}
        if p["kind"] in STATE_KINDS:
            assert p["regional_group"] in REGIONAL_GROUPS, p["key"]
        else:
            assert p["regional_group"] is None, p["key"]
    assert sum(p["kind"] == "member_state" for p in data["participants"]) >= 44


def test_every_referenced_participant_exists(data, by_key, groups):
    refs = []
    refs += [s["participant"] for s in data["general_debate"]]
    refs += [s["participant"] for s in data["igo_statements"] + data["ngo_statements"]]
    bureau = data["bureau"]
    refs += [bureau["president"]["participant"], bureau["moderator"]["participant"], *bureau["vice_presidents"]]
    refs += [f["participant"] for f in bureau["facilitators"]]
    refs += data["credentials_committee"]["members"]
    refs += [c["participant"] for c in data.get("credentials", [])]
    for g in groups.values():
        refs += g["members"] + g.get("associated_states", [])
        for k in g["members"]:
            assert by_key[k]["kind"] in STATE_KINDS, (g["key"], k)
    for ref in refs:
        assert ref in by_key, ref
    for doc in data["documents"]:
        for ref in [doc["presented_by"], *doc.get("presented_by_all", [])]:
            assert ref is None or ref in by_key or ref in groups, ref
    for s in data["general_debate"]:
        assert s["on_behalf_of"] is None or s["on_behalf_of"] in groups
        assert s["level"] in LEVELS
        assert 1 <= s["meeting"] <= 5


def test_speakers_belong_to_the_groups_they_speak_for(data, groups):
    for s in data["general_debate"]:
        if s["on_behalf_of"]:
            assert s["participant"] in groups[s["on_behalf_of"]]["members"], s


def test_african_group_is_the_african_regional_group(data, groups):
    african = [p["key"] for p in data["participants"] if p["regional_group"] == "african"]
    assert sorted(groups["african_group"]["members"]) == sorted(african)


def test_every_symbol_in_the_data_is_canonical(data):
    symbols = [d["symbol"] for d in data["documents"] if d["symbol"]]
    symbols += [s for d in data["documents"] for s in d["symbols"]]
    symbols += [d["document"] for d in data["decisions"] if d.get("document")]
    symbols += [s for f in data["final_documents"] for s in f["drafts"]]
    symbols += [data["conference"]["preparatory_committee"]["report"], data["credentials_committee"]["report"]]
    symbols += [m["symbol"] for m in data["conference"]["mandates"]]
    for s in symbols:
        assert parse_symbol(s).text == s
        if s.startswith("A/CONF.192/2012/RC/"):
            assert s.startswith(data["conference"]["symbol_prefix"] + "/")


def test_meetings_are_numbered_dated_and_ordered(data):
    meetings = data["meetings"]
    assert [m["number"] for m in meetings] == list(range(1, 15))
    conf = data["conference"]
    dates = [m["date"] for m in meetings]
    assert dates == sorted(dates)
    assert all(conf["start_date"] <= d <= conf["end_date"] for d in dates)
    slots = [(m["date"], m["period"]) for m in meetings]
    assert len(slots) == len(set(slots))
    agenda_refs = {i["number"] for i in data["agenda"]} | {
        i["number"] + s["letter"] for i in data["agenda"] for s in i["subitems"]}
    for m in meetings:
        assert m["period"] in ("morning", "afternoon") and m["kind"] in ("plenary", "informal")
        assert set(m["agenda_items"]) <= agenda_refs, m


def test_bureau_distribution_matches_its_holders(data, by_key):
    bureau = data["bureau"]
    holders = [bureau["president"]["participant"], *bureau["vice_presidents"]]
    counts: dict[str, int] = {}
    for k in holders:
        counts[by_key[k]["regional_group"]] = counts.get(by_key[k]["regional_group"], 0) + 1
    assert bureau["distribution"] == counts
    assert sum(bureau["distribution"].values()) == 14


# --- against the seed ----------------------------------------------------------------------

def test_general_debate_follows_paragraph_12(data, flat, groups):
    listed = french_list(between(flat, "représentants des pays suivants : ", ". Des déclarations ont été"))
    expected = []
    for item in listed:
        m = re.fullmatch(r"(.+?) \((au nom .+)\)", item)
        name, behalf = (m.group(1), m.group(2)) if m else (item, None)
        also = bool(behalf and behalf.endswith(" et au nom de son pays"))
        if also:
            behalf = behalf.removesuffix(" et au nom de son pays")
        expected.append((name, behalf, also))
    assert len(expected) == 66
    assert ("Iran (République islamique d’)", None, False) in expected
    assert ("Venezuela (République bolivarienne du)", None, False) in expected
    assert ("Royaume-Uni de Grande-Bretagne et d’Irlande du Nord", None, False) in expected
    assert ("Nouvelle-Zélande", "au nom du Forum des îles du Pacifique", True) in expected

    names = {p["key"]: p["name_fr"] for p in data["participants"]}
    states = [s for s in data["general_debate"] if s["participant"] not in ("holy_see", "european_union")]
    got = [(names[s["participant"]],
            groups[s["on_behalf_of"]]["behalf_fr"] if s["on_behalf_of"] else None,
            s["also_national"]) for s in states]
    assert got == expected
    assert sum(1 for _, behalf, _ in got if behalf) == 7
    assert [s["participant"] for s in data["general_debate"][-2:]] == ["holy_see", "european_union"]


def test_holy_see_and_european_union_spoke(flat, by_key):
    sentence = between(flat, "Des déclarations ont été également faites par ", ". Déclarations des organisations")
    assert sentence == (f"le représentant du {by_key['holy_see']['name_fr']} et "
                        f"l’observateur de {with_article(by_key['european_union'])}")


def test_vice_presidents_of_paragraph_8(raw, data):
    block = between(raw, "Vice-Présidents :", "E. Documentation")
    seed_names = [line.strip() for line in block.splitlines() if line.strip()]
    assert len(seed_names) == 13
    names = {p["key"]: p["name_fr"] for p in data["participants"]}
    assert [names[k] for k in data["bureau"]["vice_presidents"]] == seed_names


def test_president_and_officers_of_the_seed(flat, data, by_key):
    president = data["bureau"]["president"]
    assert f"Présidente : {president['name']} ({by_key[president['participant']]['name_fr']})" in flat
    assert f"Mme {president['name']} du {by_key[president['participant']]['name_fr']}" in flat
    assert f"Par sa décision {data['conference']['preparatory_committee']['decision_president']}," in flat
    facil = between(flat, "comme facilitateurs : ", ". Amr Aljowaily")
    pairs = re.findall(r"(?:^|, | et )([^,()]+?) \(([^)]+)\)", facil)
    assert [(f["name"], by_key[f["participant"]]["name_fr"]) for f in data["bureau"]["facilitators"]] == pairs
    mod = data["bureau"]["moderator"]
    assert (f"{mod['name']} ({by_key[mod['participant']]['name_fr']}) a également été nommé modérateur de "
            f"l’{mod['topic_fr']}") in flat
    sg = data["conference"]["secretary_general"]
    assert f"{sg['name']}, du {sg['office_fr']}, a exercé les fonctions de {sg['title_fr']}" in flat
    assert f"ouverte le 27 août par {data['conference']['opened_by_fr']}" in flat


def test_credentials_committee_of_paragraph_10(flat, data, by_key, groups):
    listed = french_list(between(flat, "la Conférence a désigné ", " pour siéger"))
    cc = data["credentials_committee"]
    assert [with_article(by_key[k]) for k in cc["members"]] == listed
    assert len(listed) == 9
    assert cc["aligned_with_fr"] in flat
    assert f"l’article {cc['rule']} du Règlement intérieur" in flat
    assert (f"À sa {cc['adopted_at_meeting']}e séance, le 7 septembre, la Conférence a adopté le projet de "
            f"résolution") in flat
    assert f"({cc['report']}, par. {cc['resolution_paragraph']})" in flat


def test_intergovernmental_organizations_of_paragraph_13(flat, data, by_key):
    listed = french_list(between(flat, "des déclarations des organisations suivantes : ",
                                 ". Déclarations des organisations non gouvernementales"))
    assert len(listed) == 8
    assert [by_key[s["participant"]]["name_fr"] for s in data["igo_statements"]] == listed
    assert all(by_key[s["participant"]]["kind"] == "igo" for s in data["igo_statements"])
    assert "À sa 4e séance, le 28 août, la Conférence a entendu des déclarations des organisations" in flat
    assert {s["meeting"] for s in data["igo_statements"]} == {4}


def test_non_governmental_organizations_of_paragraph_14(flat, data, by_key):
    listed = french_list(between(flat, "déclarations des représentants des organisations suivantes : ",
                                 ". V. Examen"))
    assert len(listed) == 6
    assert [by_key[s["participant"]]["name_fr"] for s in data["ngo_statements"]] == listed
    assert all(by_key[s["participant"]]["kind"] == "ngo" for s in data["ngo_statements"])
    m = re.search(r"À ses (\d+)e et (\d+)e séances, les (\d+) et (\d+) août, la Conférence a entendu les "
                  r"déclarations des représentants", flat)
    assert m
    first, second = int(m.group(1)), int(m.group(2))
    assert {s["meeting"] for s in data["ngo_statements"]} == {first, second}


def test_every_state_the_seed_names_is_a_participant(flat, data, by_key):
    named = set()
    for item in french_list(between(flat, "représentants des pays suivants : ", ". Des déclarations ont été")):
        named.add(re.sub(r",? \(au nom .*\)$", "", item))
    named |= {p["name_fr"] for p in [by_key[k] for k in data["bureau"]["vice_presidents"]]}
    with_articles = french_list(between(flat, "la Conférence a désigné ", " pour siéger"))
    with_articles += french_list(between(flat, "Document de travail présenté par ", " sur la coopération"))
    articled = {with_article(p): p["name_fr"] for p in data["participants"]}
    named |= {articled[a] for a in with_articles}
    named |= set(re.findall(r"\(([^)]+)\)", between(flat, "comme facilitateurs : ", ". Amr Aljowaily")))
    named.add("Nigéria")
    assert "Mission permanente de l’Argentine" in flat
    named.add("Argentine")
    states = {p["name_fr"] for p in data["participants"] if p["kind"] == "member_state"}
    assert states == named


def test_working_paper_presenters(flat, data, by_key):
    listed = french_list(between(flat, "Document de travail présenté par ", " sur la coopération"))
    (wp1,) = [d for d in data["documents"] if d["symbol"] == "A/CONF.192/2012/RC/WP.1"]
    assert [with_article(by_key[k]) for k in wp1["presented_by_all"]] == listed


def test_agenda_of_paragraph_7(flat, data):
    block = between(flat, "l’ordre du jour (A/CONF.192/2012/RC/L.1) comme suit : ", " D. Bureau")
    starts = list(re.finditer(r"(?:^| )(\d{1,2})\. ", block))
    items = {}
    for m, nxt in zip(starts, starts[1:] + [None]):
        items[m.group(1)] = block[m.end(): nxt.start() if nxt else len(block)].strip()
    assert list(items) == [str(n) for n in range(1, 17)]
    agenda = data["agenda"]
    assert [i["number"] for i in agenda] == list(items)
    for item in agenda:
        text = items[item["number"]]
        if item["subitems"]:
            head, _, rest = text.partition(" a) ")
            a, _, b = rest.partition(" b) ")
            assert head == item["title_fr"] + " :"
            assert [s["letter"] for s in item["subitems"]] == ["a", "b"]
            assert [s["title_fr"] for s in item["subitems"]] == [a.removesuffix(";"), b.removesuffix(".")]
        else:
            assert text == item["title_fr"] + ".", item["number"]
        assert item["title_en"]
    assert [i["number"] for i in agenda if i["subitems"]] == ["10"]


def test_documents_of_paragraph_9(flat, data):
    block = between(flat, "La Conférence était saisie des documents ci-après : ", " III. Pouvoirs")
    starts = list(re.finditer(r"(?:^| )([a-p])\) ", block))
    items = {}
    for m, nxt in zip(starts, starts[1:] + [None]):
        items[m.group(1)] = block[m.end(): nxt.start() if nxt else len(block)].strip()
    assert list(items) == list("abcdefghijklmnop")
    docs = data["documents"]
    assert [d["letter"] for d in docs] == list(items)
    footnote = between(flat, "__________________ 1 ", " IV. Débat général")
    for d in docs:
        text = items[d["letter"]]
        assert text.startswith(d["title_fr"]), d["letter"]
        rest = text[len(d["title_fr"]):]
        assert re.fullmatch(r"( \(.*\))?1?[;.]?", rest), (d["letter"], rest)
        assert find_symbols(text, expand_revisions=True) == d["symbols"], d["letter"]
        assert d["symbol"] == (d["symbols"][0] if len(d["symbols"]) == 1 else None)
        if d["symbol"] is None and not d["symbols"]:
            assert d["presented_by"], d["letter"]
        assert (d["footnote_fr"] == footnote) == rest.rstrip(";.").endswith("1"), d["letter"]
        assert d["distribution"] in ("general", "limited")
        for s in d["symbols"]:
            assert d["distribution"] == parse_symbol(s).distribution_hint
        if d["date"] is not None:
            date.fromisoformat(d["date"])
    (g,) = [d for d in docs if d["letter"] == "g"]
    assert len(g["symbols"]) == 6
    assert footnote == "Disponibles à l’adresse suivante : www.poa-iss.org/RevCon2/documents."
    (c,) = [d for d in docs if d["letter"] == "c"]
    assert c["date"] == "2012-09-07" and "Lettre datée du 7 septembre 2012" in c["title_fr"]


def test_final_documents_come_from_the_drafts(flat, data):
    (g,) = [d for d in data["documents"] if d["letter"] == "g"]
    annexes = data["final_documents"]
    assert [a["annex"] for a in annexes] == ["I", "II"]
    drafts = [s for a in annexes for s in a["drafts"]]
    assert sorted(drafts) == sorted(g["symbols"])
    for a in annexes:
        assert f"Annexe {a['annex']} {a['title_fr']}" in flat
        bases = {parse_symbol(s).base for s in a["drafts"]}
        assert len(bases) == 1


def test_dates_fixed_by_the_seed(flat, data):
    conf = data["conference"]
    m = re.search(r"s’est tenue au Siège de l’ONU du (\d+) (\w+) au (\d+) (\w+) 2012", flat)
    assert (conf["start_date"], conf["end_date"]) == (seed_date(m.group(1), m.group(2)),
                                                       seed_date(m.group(3), m.group(4)))
    m = re.search(r"Comité préparatoire a tenu sa session au Siège de l’ONU du (\d+) au (\d+) (\w+) 2012", flat)
    assert conf["preparatory_committee"]["dates"] == [seed_date(m.group(1), m.group(3)),
                                                      seed_date(m.group(2), m.group(3))]
    # "À sa 1re séance, le 27 août", "À sa 4e séance, le 28 août", "À sa 14e séance, le 7 septembre"
    single = re.findall(r"À sa (\d+)(?:re|e) (?:séance|réunion), le (\d+) (\w+)", flat)
    assert {int(n) for n, _, _ in single} == {1, 4, 14}
    for n, day, month in single:
        assert meeting(data, int(n))["date"] == seed_date(day, month)
    # "À ses 4e et 5e séances, les 28 et 29 août"
    for a, b, da, db, month in re.findall(r"À ses (\d+)e et (\d+)e séances, les (\d+) et (\d+) (\w+)", flat):
        assert meeting(data, int(a))["date"] == seed_date(da, month)
        assert meeting(data, int(b))["date"] == seed_date(db, month)
    # "Au cours de ses cinq premières séances, du 27 au 29 août" (general debate)
    d1, d2, month = re.search(r"Au cours de ses cinq premières séances, du (\d+) au (\d+) (\w+)", flat).groups()
    first_five = [meeting(data, n) for n in range(1, 6)]
    assert first_five[0]["date"] == seed_date(d1, month) and first_five[-1]["date"] == seed_date(d2, month)
    assert all("12" in m["agenda_items"] for m in first_five)
    # "À ses 6e à 13e séances, du 29 août au 7 septembre" (final documents, item 15)
    a, b, d1, m1, d2, m2 = re.search(r"À ses (\d+)e à (\d+)e séances, du (\d+) (\w+) au (\d+) (\w+)", flat).groups()
    assert meeting(data, int(a))["date"] == seed_date(d1, m1)
    assert meeting(data, int(b))["date"] == seed_date(d2, m2)
    for n in range(int(a), int(b) + 1):
        assert "15" in meeting(data, n)["agenda_items"]
    assert "13" in meeting(data, 4)["agenda_items"] and "14" in meeting(data, 5)["agenda_items"]


def test_decisions_recorded_by_the_seed(flat, data):
    decisions = {d["subject"]: d for d in data["decisions"]}
    m = re.search(r"À sa (\d+)re séance, le 27 août, la Conférence a adopté son Règlement intérieur \(([^)]+)\)", flat)
    assert (decisions["rules_of_procedure"]["meeting"], decisions["rules_of_procedure"]["document"]) == \
        (int(m.group(1)), m.group(2))
    m = re.search(r"À sa (\d+)re réunion, le 27 août, la Conférence a adopté l’ordre du jour \(([^)]+)\)", flat)
    assert (decisions["agenda"]["meeting"], decisions["agenda"]["document"]) == (int(m.group(1)), m.group(2))
    assert decisions["credentials_report"]["meeting"] == 14
    assert decisions["credentials_report"]["document"] == "A/CONF.192/2012/RC/2"
    assert "À sa 14e séance, le 7 septembre, la Conférence a adopté par consensus les documents finals" in flat
    assert "la Conférence a adopté par consensus le rapport" in flat
    for subject in ("final_documents", "report"):
        assert (decisions[subject]["meeting"], decisions[subject]["how"]) == (14, "consensus")
    for d in data["decisions"]:
        assert d["how"] in ("consensus", "acclamation", "vote")
        assert 1 <= d["meeting"] <= 14


def test_mandates_and_preparatory_committee(flat, data):
    conf = data["conference"]
    assert [m["resolution"] for m in conf["mandates"]] == ["65/64", "66/47"]
    for m in conf["mandates"]:
        assert f"Dans sa résolution {m['resolution']}, {m['summary_fr'][:40]}" in flat
        assert m["symbol"] == f"A/RES/{m['resolution']}"
    assert f"Son rapport figure dans le document {conf['preparatory_committee']['report']}." in flat
    assert f"La liste des participants figure dans le document {conf['list_of_participants']}." in flat
