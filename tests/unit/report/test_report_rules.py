from datetime import date

from confmgr.core import lang as L
from confmgr.report import rules


def test_draft_families_are_cited_as_a_report_cites_them():
    symbols = ["A/CONF.192/2012/RC/L.4", "A/CONF.192/2012/RC/L.4/Rev.1", "A/CONF.192/2012/RC/CRP.3",
               "A/CONF.192/2012/RC/CRP.3/Rev.1", "A/CONF.192/2012/RC/CRP.3/Rev.2", "A/CONF.192/2012/RC/CRP.3/Rev.3"]
    assert rules.family_text(symbols, "fr") == "A/CONF.192/2012/RC/L.4 et Rev.1 et A/CONF.192/2012/RC/CRP.3 et Rev.1 à 3"
    assert rules.family_text(symbols, "en") == "A/CONF.192/2012/RC/L.4 and Rev.1 and A/CONF.192/2012/RC/CRP.3 and Rev.1-3"
    assert rules.family_text(["A/CONF.192/2012/RC/1"], "fr") == "A/CONF.192/2012/RC/1"


def test_dates_and_spans_in_each_language():
    start, end = date(2012, 8, 27), date(2012, 9, 7)
    assert L.date_span(start, end, "fr") == "du 27 août au 7 septembre 2012"
    assert L.date_span(start, end, "en") == "from 27 August to 7 September 2012"
    assert L.date_span(date(2012, 3, 19), date(2012, 3, 23), "fr") == "du 19 au 23 mars 2012"
    assert L.days_list([date(2012, 8, 29), date(2012, 8, 28)], "fr") == "les 28 et 29 août"
    assert L.day_month(date(2012, 9, 1), "fr") == "1er septembre"
    assert L.full_date(start, "en") == "27 August 2012"


def test_french_collation_ignores_accents_first():
    names = ["États-Unis d’Amérique", "Italie", "Égypte", "Espagne", "El Salvador", "Émirats arabes unis"]
    assert sorted(names, key=L.collation_key) == ["Égypte", "El Salvador", "Émirats arabes unis", "Espagne",
                                                  "États-Unis d’Amérique", "Italie"]


def test_lists_articles_and_number_words():
    assert L.join_list(["Chine", "Cuba", "Égypte"], "fr") == "Chine, Cuba et Égypte"
    assert L.join_list(["China", "Cuba"], "en") == "China and Cuba"
    assert L.with_article("Égypte", "fr", "l’") == "l’Égypte"
    assert L.with_article("Russian Federation", "en", "the") == "the Russian Federation"
    assert L.with_article("Nigeria", "en") == "Nigeria" and L.with_article("Niger", "en", "the") == "the Niger"
    assert L.of_name_fr("Nigéria", "le") == "du Nigéria"
    assert L.ordinal_words(66, "fr", feminine=True) == "soixante-sixième"
    assert L.ordinal_words(66, "en") == "sixty-sixth"
    assert L.number_words(5, "fr") == "cinq"


def test_french_typography_spaces():
    text = L.french_typography("comme suit : « Le commerce » ; voir www.poa-iss.org ? oui! https://un.org")
    assert "suit\u00a0:" in text and "«\u00a0Le commerce\u00a0»" in text
    assert "\u202f;" in text and "\u202f?" in text and "oui\u202f!" in text and "https://un.org" in text


def test_text_export_wraps_and_numbers():
    report = rules.Report(lang="en", symbol="X/1", title="T", footnotes=[(1, "Note.")], blocks=[
        rules.Block("para", "word " * 40, key="k", label="12.", footnotes=[1])])
    text = rules.render_text(report)
    lines = text.splitlines()
    assert lines[0].startswith("12. word") and all(len(line) <= rules.WIDTH for line in lines)
    assert lines[1].startswith("    word") and "[1]" in text and "  1  Note." in text


def test_edit_state_flags_a_changed_generated_text():
    assert rules.edit_state("new", None, None) == ("new", False, False)
    assert rules.edit_state("gen", "mine", "gen") == ("mine", True, False)
    assert rules.edit_state("gen2", "mine", "gen") == ("mine", True, True)
