from pathlib import Path

import pytest

from confmgr.registry.symbols import (
    Symbol,
    SymbolError,
    find_symbols,
    lineage,
    next_revision_symbol,
    normalise_symbol,
    parse_symbol,
    supersedes,
)

SEED = Path(__file__).resolve().parents[1] / "data" / "A_CONF.192_2012_RC_4.fr.txt"
RC = "A/CONF.192/2012/RC"

# The symbols of the sixteen documents a) to p) of paragraph 9 of the seed (m to p have none).
SEED_DOCUMENT_SYMBOLS = [
    f"{RC}/1", f"{RC}/2", f"{RC}/3", f"{RC}/L.1", f"{RC}/L.2", f"{RC}/L.3",
    f"{RC}/L.4", f"{RC}/L.4/Rev.1",
    f"{RC}/CRP.3", f"{RC}/CRP.3/Rev.1", f"{RC}/CRP.3/Rev.2", f"{RC}/CRP.3/Rev.3",
    f"{RC}/INF/1", f"{RC}/INF/2", f"{RC}/WP.1", f"{RC}/WP.2", f"{RC}/CRP.1",
]
OTHER_SYMBOLS = [f"{RC}/4", "A/CONF.192/BMS/2010/3", "A/RES/65/64", "A/RES/66/47", "A/66/47*"]


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed report is missing: expected {SEED}")
    return SEED.read_text(encoding="utf-8")


# --- parsing -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", SEED_DOCUMENT_SYMBOLS + OTHER_SYMBOLS)
def test_known_symbols_round_trip(text):
    sym = parse_symbol(text)
    assert sym.text == text
    assert parse_symbol(sym.text) == sym
    assert normalise_symbol(text) == text


def test_parts_of_a_revision():
    sym = parse_symbol(f"{RC}/L.4/Rev.1")
    assert sym == Symbol(series="A", body=("CONF.192", "2012", "RC"), kind="L", number="4",
                         modifiers=(("Rev", 1),), reissue=False)
    assert sym.base == f"{RC}/L.4"
    assert sym.revision == 1
    assert sym.distribution_hint == "limited"


@pytest.mark.parametrize("text, kind, number, body, hint", [
    (f"{RC}/CRP.3/Rev.3", "CRP", "3", ("CONF.192", "2012", "RC"), "limited"),
    (f"{RC}/WP.1", "WP", "1", ("CONF.192", "2012", "RC"), "limited"),
    (f"{RC}/INF/2", "INF", "2", ("CONF.192", "2012", "RC"), "general"),
    (f"{RC}/4", None, "4", ("CONF.192", "2012", "RC"), "general"),
    ("A/CONF.192/BMS/2010/3", None, "3", ("CONF.192", "BMS", "2010"), "general"),
    ("A/RES/65/64", None, "64", ("RES", "65"), "general"),
    ("A/66/47*", None, "47", ("66",), "general"),
    ("S/PV.6000", "PV", "6000", (), "general"),
])
def test_kinds_and_bodies(text, kind, number, body, hint):
    sym = parse_symbol(text)
    assert (sym.kind, sym.number, sym.body, sym.distribution_hint) == (kind, number, body, hint)
    assert sym.series == "A" or sym.series == "S"


def test_reissue_and_two_part_series():
    sym = parse_symbol("A/66/47*")
    assert sym.reissue and sym.base == "A/66/47" and sym.text == "A/66/47*"
    ccpr = parse_symbol("CCPR/C/GC/34")
    assert ccpr.series == "CCPR/C" and ccpr.body == ("GC",) and ccpr.text == "CCPR/C/GC/34"


@pytest.mark.parametrize("text, modifiers", [
    (f"{RC}/L.4/Add.1/Rev.1", (("Add", 1), ("Rev", 1))),
    (f"{RC}/L.4/Rev.1/Corr.1", (("Rev", 1), ("Corr", 1))),
    (f"{RC}/L.4/Rev.2/Add.1/Corr.2", (("Rev", 2), ("Add", 1), ("Corr", 2))),
    (f"{RC}/L.4/Amend.1", (("Amend", 1),)),
    (f"{RC}/L.4/Corr.1*", (("Corr", 1),)),
])
def test_several_modifiers(text, modifiers):
    sym = parse_symbol(text)
    assert sym.modifiers == modifiers
    assert sym.text == text
    assert sym.base == f"{RC}/L.4"


@pytest.mark.parametrize("raw, canonical", [
    ("  A/CONF.192/2012/RC/L.4/Rev.1 \n", f"{RC}/L.4/Rev.1"),
    ("A/CONF.192/2012/ RC/L.2", f"{RC}/L.2"),
    ("A/CONF.192/2012/\nRC/INF/1", f"{RC}/INF/1"),
    ("A / RES / 65 / 64", "A/RES/65/64"),
    ("A/CONF.192/2012/RC/CRP.3 /Rev.3", f"{RC}/CRP.3/Rev.3"),
])
def test_normalises_pdf_spacing(raw, canonical):
    assert normalise_symbol(raw) == canonical


@pytest.mark.parametrize("text, part", [
    ("a/CONF.192/2012/RC/L.4", "series"),
    ("/A/66/47", "series"),
    ("A1-/66/47", "series"),
    ("A//L.4", "body"),
    ("A/conf.192/2012/RC/L.4", "body"),
    ("A/CONF.192/2012/RC/L.4/Rev.", "modifier"),
    ("A/CONF.192/2012/RC/L.4/Rev", "modifier"),
    ("A/CONF.192/2012/RC/L.4/Rev.0", "modifier"),
    ("A/CONF.192/2012/RC/L.4/Rev.x", "modifier"),
    ("A/CONF.192/2012/RC/L.4/Rev.1/Rev.2", "modifier"),
    ("A/CONF.192/2012/RC/L.4/Corr.1/Rev.1", "modifier"),
    ("A/CONF.192/2012/RC/L.4/Revision.1", "modifier"),
    ("A/CONF.192/Rev.1/L.4", "modifier"),
    ("A/CONF.192/2012/RC/L.", "number"),
    ("A/CONF.192/2012/RC/L.0", "number"),
    ("A/CONF.192/2012/RC/INF", "number"),
    ("A/CONF.192/2012/RC/INF/", "symbol"),
    ("A/66/047", "number"),
    ("A/CONF.192", "kind"),
    ("A/CONF.192/2012/RC/l.4", "kind"),
    ("A/CONF.192/2012/RC/XYZ", "kind"),
    ("A/66/*47", "reissue"),
    ("A/66/47**", "reissue"),
    ("A/CONF.192/2012/RC/L.4#", "symbol"),
    ("A/CONF.192/2012/RC/L 4", "symbol"),
    ("A", "symbol"),
    ("", "symbol"),
    ("   ", "symbol"),
])
def test_malformed_symbols_name_the_part(text, part):
    with pytest.raises(SymbolError) as info:
        parse_symbol(text)
    err = info.value
    assert err.part == part
    assert isinstance(err, ValueError)
    assert err.symbol == text.strip()


def test_error_message_names_the_part_and_the_symbol():
    with pytest.raises(SymbolError) as info:
        parse_symbol("A/CONF.192/2012/RC/L.4/Rev.0")
    assert str(info.value) == ("modifier 'Rev.0' in 'A/CONF.192/2012/RC/L.4/Rev.0': "
                               "a revision number starts at 1")


def test_non_string_is_refused():
    with pytest.raises(SymbolError) as info:
        parse_symbol(None)  # type: ignore[arg-type]
    assert info.value.part == "symbol"


# --- revisions ----------------------------------------------------------------------------

def test_with_revision():
    l4 = parse_symbol(f"{RC}/L.4")
    assert l4.with_revision(1).text == f"{RC}/L.4/Rev.1"
    assert l4.with_revision(0) == l4
    assert parse_symbol(f"{RC}/L.4/Rev.2/Corr.1").with_revision(3).text == f"{RC}/L.4/Rev.3"
    assert parse_symbol(f"{RC}/L.4/Add.1").with_revision(2).text == f"{RC}/L.4/Add.1/Rev.2"
    assert parse_symbol(f"{RC}/L.4/Corr.1").with_revision(1).text == f"{RC}/L.4/Rev.1"
    assert parse_symbol(f"{RC}/L.4/Rev.1").with_revision(0).text == f"{RC}/L.4"
    with pytest.raises(ValueError):
        l4.with_revision(-1)


def test_next_revision_symbol():
    assert next_revision_symbol(f"{RC}/CRP.3", -1) == f"{RC}/CRP.3"
    assert next_revision_symbol(f"{RC}/CRP.3", 0) == f"{RC}/CRP.3/Rev.1"
    assert next_revision_symbol(f"{RC}/CRP.3", 2) == f"{RC}/CRP.3/Rev.3"
    assert next_revision_symbol(" A/CONF.192/2012/ RC/L.4 ", 0) == f"{RC}/L.4/Rev.1"
    assert next_revision_symbol(f"{RC}/L.4/Add.1", 0) == f"{RC}/L.4/Add.1/Rev.1"
    with pytest.raises(SymbolError) as info:
        next_revision_symbol(f"{RC}/L.4/Rev.1", 1)
    assert info.value.part == "modifier"
    with pytest.raises(ValueError):
        next_revision_symbol(f"{RC}/L.4", -2)


@pytest.mark.parametrize("newer, older, expected", [
    (f"{RC}/L.4/Rev.1", f"{RC}/L.4", True),
    (f"{RC}/CRP.3/Rev.3", f"{RC}/CRP.3/Rev.1", True),
    (f"{RC}/CRP.3/Rev.3", f"{RC}/CRP.3", True),
    (f"{RC}/CRP.3/Rev.1", f"{RC}/CRP.3/Rev.3", False),
    (f"{RC}/CRP.3/Rev.2", f"{RC}/CRP.3/Rev.2", False),
    (f"{RC}/L.4", f"{RC}/L.4", False),
    (f"{RC}/L.4/Rev.1", f"{RC}/L.4/Corr.1", True),
    (f"{RC}/L.4/Corr.1", f"{RC}/L.4", False),
    (f"{RC}/L.4/Add.1", f"{RC}/L.4", False),
    (f"{RC}/L.4/Rev.1/Corr.1", f"{RC}/L.4/Rev.1", False),
    (f"{RC}/L.4/Rev.1", f"{RC}/L.4/Add.1", False),
    (f"{RC}/L.4/Add.1/Rev.1", f"{RC}/L.4/Add.1", True),
    (f"{RC}/L.4/Add.1/Rev.1", f"{RC}/L.4", False),
    (f"{RC}/L.4/Rev.1", f"{RC}/CRP.3", False),
    ("A/66/47*", "A/66/47", True),
    ("A/66/47", "A/66/47*", False),
])
def test_supersedes(newer, older, expected):
    assert supersedes(parse_symbol(newer), parse_symbol(older)) is expected
    assert supersedes(newer, older) is expected


def test_lineage_of_the_seed_drafts():
    groups = lineage([f"{RC}/CRP.3/Rev.2", f"{RC}/L.4", f"{RC}/CRP.3", f"{RC}/L.4/Rev.1",
                      f"{RC}/CRP.3/Rev.3", f"{RC}/CRP.3/Rev.1", f"{RC}/L.2", " A/CONF.192/2012/ RC/L.4"])
    assert [g.base for g in groups] == [f"{RC}/CRP.3", f"{RC}/L.4", f"{RC}/L.2"]
    crp3, l4, l2 = groups
    assert [e.symbol for e in crp3.entries] == [f"{RC}/CRP.3", f"{RC}/CRP.3/Rev.1",
                                                f"{RC}/CRP.3/Rev.2", f"{RC}/CRP.3/Rev.3"]
    assert [e.revision for e in crp3.entries] == [0, 1, 2, 3]
    assert [e.current for e in crp3.entries] == [False, False, False, True]
    assert {e.superseded_by for e in crp3.entries[:3]} == {f"{RC}/CRP.3/Rev.3"}
    assert crp3.current == (f"{RC}/CRP.3/Rev.3",) and crp3.latest_revision == 3
    assert [(e.symbol, e.current) for e in l4.entries] == [(f"{RC}/L.4", False), (f"{RC}/L.4/Rev.1", True)]
    assert [(e.symbol, e.current, e.superseded_by) for e in l2.entries] == [(f"{RC}/L.2", True, None)]


def test_lineage_keeps_corrigenda_and_addenda_current():
    groups = lineage([f"{RC}/L.4/Rev.1/Corr.1", f"{RC}/L.4/Add.1", f"{RC}/L.4/Rev.1", f"{RC}/L.4",
                      f"{RC}/L.4/Corr.1"])
    (l4,) = groups
    assert [(e.symbol, e.current) for e in l4.entries] == [
        (f"{RC}/L.4", False),
        (f"{RC}/L.4/Corr.1", False),
        (f"{RC}/L.4/Rev.1", True),
        (f"{RC}/L.4/Rev.1/Corr.1", True),
        (f"{RC}/L.4/Add.1", True),
    ]


def test_lineage_refuses_a_malformed_symbol():
    with pytest.raises(SymbolError):
        lineage([f"{RC}/L.4", f"{RC}/L.4/Rev.0"])


# --- finding symbols in text --------------------------------------------------------------

def test_find_symbols_in_running_text():
    text = ("Règlement intérieur provisoire de la Conférence (A/CONF.192/2012/\nRC/L.2); "
            "voir A/CONF.192/BMS/2010/3, par. 34. Son rapport figure dans le document "
            "A/CONF.192/2012/RC/1. Résolution 66/47, par. 15; A/66/47* et S/PV.6000.")
    assert find_symbols(text) == [f"{RC}/L.2", "A/CONF.192/BMS/2010/3", f"{RC}/1", "A/66/47*", "S/PV.6000"]


def test_find_symbols_expands_revision_abbreviations():
    text = "(A/CONF.192/2012/RC/L.4\net Rev.1 et A/CONF.192/2012/RC/CRP.3 et Rev.1 à 3, publiés)"
    assert find_symbols(text) == [f"{RC}/L.4", f"{RC}/CRP.3"]
    assert find_symbols(text, expand_revisions=True) == [
        f"{RC}/L.4", f"{RC}/L.4/Rev.1",
        f"{RC}/CRP.3", f"{RC}/CRP.3/Rev.1", f"{RC}/CRP.3/Rev.2", f"{RC}/CRP.3/Rev.3"]


def test_find_symbols_ignores_lookalikes():
    assert find_symbols("N/A, TCP/IP, et/ou, 27/08/2012, 12-5128918, Nord-Sud") == []


def test_every_symbol_of_the_seed_parses_and_round_trips(seed_text):
    found = find_symbols(seed_text, expand_revisions=True)
    assert set(SEED_DOCUMENT_SYMBOLS) <= set(found)
    assert set(found) == set(SEED_DOCUMENT_SYMBOLS) | {f"{RC}/4", "A/CONF.192/BMS/2010/3"}
    for text in found:
        assert parse_symbol(text).text == text


def test_seed_symbols_broken_across_lines_are_found(seed_text):
    # e) and h) of paragraph 9 break their symbol after "2012/" and after "RC/".
    assert "A/CONF.192/2012/ \nRC/L.2" in seed_text
    found = find_symbols(seed_text)
    assert f"{RC}/L.2" in found and f"{RC}/INF/1" in found
    assert f"{RC}/L.4/Rev.1" not in found  # "L.4 et Rev.1" is only expanded on request
