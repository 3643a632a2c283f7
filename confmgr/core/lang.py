"""Language rules shared by pages and the report: ordinals and meeting names in French and English."""
from __future__ import annotations


def ordinal(n: int, lang: str, *, feminine: bool = False) -> str:
    """1 -> '1st' / '1er' ('1re' feminine), 2 -> '2nd' / '2e', 14 -> '14th' / '14e'."""
    if lang == "fr":
        if n == 1:
            return "1re" if feminine else "1er"
        return f"{n}e"
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def meeting_name(n: int, lang: str) -> str:
    """'1re séance' / '1st meeting' (séance is feminine)."""
    return f"{ordinal(n, 'fr', feminine=True)} séance" if lang == "fr" else f"{ordinal(n, 'en')} meeting"


# --- dates, lists, number words, collation and typography -----------------------------------------

import re as _re
import unicodedata as _unicodedata
from datetime import date as _date

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
NBSP = "\u00a0"
NNBSP = "\u202f"


def day_month(d: _date, lang: str, *, year: bool = False) -> str:
    """'27 août' / '27 August' ('1er août' in French), with the year when asked."""
    if lang == "fr":
        text = f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]}"
    else:
        text = f"{d.day} {MONTHS_EN[d.month - 1]}"
    return f"{text} {d.year}" if year else text


def full_date(d: _date, lang: str) -> str:
    """'7 septembre 2012' / '7 September 2012'."""
    return day_month(d, lang, year=True)


def date_span(start: _date, end: _date, lang: str, *, year: bool = True) -> str:
    """'du 27 août au 7 septembre 2012', 'du 19 au 23 mars 2012' / 'from 27 August to 7 September 2012'.

    One day alone reads 'le 27 août' / 'on 27 August'. The year is written once, at the end, unless the
    span crosses a year.
    """
    if start == end:
        return ("le " if lang == "fr" else "on ") + day_month(start, lang, year=year)
    cross_year = start.year != end.year
    if start.month == end.month and not cross_year:
        first = "1er" if lang == "fr" and start.day == 1 else str(start.day)
    else:
        first = day_month(start, lang, year=year and cross_year)
    last = day_month(end, lang, year=year)
    return f"du {first} au {last}" if lang == "fr" else f"from {first} to {last}"


def days_list(days: list[_date], lang: str) -> str:
    """Two or more days of one month: 'les 28 et 29 août' / 'on 28 and 29 August'."""
    days = sorted(set(days))
    if len(days) == 1:
        return ("le " if lang == "fr" else "on ") + day_month(days[0], lang)
    if all(d.month == days[-1].month for d in days):
        numbers = [("1er" if lang == "fr" and d.day == 1 else str(d.day)) for d in days]
        head = join_list(numbers, lang) + " " + (MONTHS_FR if lang == "fr" else MONTHS_EN)[days[-1].month - 1]
    else:
        head = join_list([day_month(d, lang) for d in days], lang)
    return ("les " if lang == "fr" else "on ") + head


def join_list(items: list[str], lang: str, *, serial_comma: bool = False) -> str:
    """'A, B et C' / 'A, B and C'."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = "et" if lang == "fr" else "and"
    comma = "," if serial_comma and lang == "en" and len(items) > 2 else ""
    return f"{', '.join(items[:-1])}{comma} {word} {items[-1]}"


_UNITS_FR = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
             "treize", "quatorze", "quinze", "seize")
_TENS_FR = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante", 8: "quatre-vingt"}
_UNITS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_EN = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}


def number_words(n: int, lang: str) -> str:
    """Cardinal in words, 0-99: 'soixante-six' / 'sixty-six'."""
    if not 0 <= n < 100:
        return str(n)
    if lang != "fr":
        if n < 20:
            return _UNITS_EN[n]
        tens, unit = divmod(n, 10)
        return _TENS_EN[tens] + (f"-{_UNITS_EN[unit]}" if unit else "")
    if n <= 16:
        return _UNITS_FR[n]
    if n < 20:
        return f"dix-{_UNITS_FR[n - 10]}"
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix..., quatre-vingt-dix...
        base = _TENS_FR[tens - 1]
        rest = number_words(10 + unit, "fr")
        joiner = " et " if tens == 7 and unit == 1 else "-"
        return f"{base}{joiner}{rest}"
    base = _TENS_FR[tens]
    if unit == 0:
        return base + ("s" if tens == 8 else "")
    if unit == 1 and tens != 8:
        return f"{base} et un"
    return f"{base}-{_UNITS_FR[unit]}"


_ORDINAL_EN = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}


def ordinal_words(n: int, lang: str, *, feminine: bool = False) -> str:
    """'soixante-sixième', 'première' / 'sixty-sixth', 'first'."""
    if lang == "fr":
        if n == 1:
            return "première" if feminine else "premier"
        words = number_words(n, "fr")
        if words.endswith("et un"):
            return words[:-2] + "unième"
        if words.endswith("cinq"):
            return words + "uième"
        if words.endswith("neuf"):
            return words[:-1] + "vième"
        if words.endswith("quatre-vingts"):
            words = words[:-1]
        return (words[:-1] if words.endswith("e") else words) + "ième"
    words = number_words(n, "en")
    head, _, last = words.rpartition("-")
    if last in _ORDINAL_EN:
        last = _ORDINAL_EN[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last


def collation_key(name: str) -> tuple:
    """Order of names in a French list: accents and case ignored first, then they break ties.

    'États-Unis' sorts under E, 'Égypte' before 'El Salvador'; apostrophes, hyphens and spaces are
    ignored at the first level as French dictionaries do.
    """
    decomposed = _unicodedata.normalize("NFD", name)
    base = "".join(c for c in decomposed if not _unicodedata.combining(c)).casefold()
    primary = _re.sub(r"[\s’'\-.,()]+", " ", base).strip()
    return (primary, base, name)


def english_key(name: str) -> tuple:
    """English order: by the name as written, case and accents folded ('Côte d’Ivoire' under C)."""
    return collation_key(name)


def with_article(name: str, lang: str, article: str = "") -> str:
    """The name with the article the participant's data gives in that language: 'la Chine',
    'l’Égypte', 'les États-Unis d’Amérique' / 'the Russian Federation', 'the Niger', 'Nigeria'."""
    if not article:
        return name
    if lang == "fr":
        return f"{article}{name}" if article.endswith("’") else f"{article} {name}"
    return name if name.startswith(f"{article} ") else f"{article} {name}"


def of_name_fr(name: str, article_fr: str = "") -> str:
    """French 'de' before a name: 'du Nigéria', 'de la Chine', 'de l’Égypte', 'des Maldives', 'de Cuba'."""
    if article_fr == "le":
        return f"du {name}"
    if article_fr == "les":
        return f"des {name}"
    if article_fr:
        return "de " + with_article(name, "fr", article_fr)
    return f"d’{name}" if name[:1].casefold() in "aeiouyéèêàâîôû" else f"de {name}"


_QUOTES = _re.compile(r"«\s*(.*?)\s*»", _re.S)


def french_typography(text: str) -> str:
    """French spacing: no-break space before ':' and inside « », narrow no-break space before ';', '?', '!'.

    Spaces already there become the right kind; a colon inside a web address ('https://') is left alone.
    """
    text = _QUOTES.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", text)
    text = _re.sub(r"[ \u00a0\u202f]*:(?!//)", lambda m: f"{NBSP}:" if m.start() > 0 else ":", text)
    text = _re.sub(r"(?<=\S)[ \u00a0\u202f]*([;?!])", lambda m: f"{NNBSP}{m.group(1)}", text)
    return text


def plain_spaces(text: str) -> str:
    """Every kind of space as a plain space (for comparing or searching texts)."""
    return _re.sub(r"[\u00a0\u202f]", " ", text)


def in_language(lang: str, fr: str, en: str) -> str:
    """The French or English form of a bilingual field, the other one when it is empty."""
    return (fr or en) if lang == "fr" else (en or fr)


# --- the conference's languages: which texts a record must have, and which one a reader gets ----------

# The six official languages of the United Nations, by their ISO 639-1 codes.
LANGUAGE_CODES = ("ar", "zh", "en", "fr", "ru", "es")
# When a text is missing in the language asked for, the first of these that exists is given.
FALLBACK_ORDER = ("en", "fr", "es", "ru", "ar", "zh")
# Languages with a column of their own (`name_fr`, `name_en`); the others live in `translations`.
COLUMN_LANGUAGES = ("fr", "en")


def check_languages(value, field: str = "languages") -> list[str]:
    """A list of distinct language codes among LANGUAGE_CODES, in the order given, or InvalidInput."""
    from confmgr.core.errors import InvalidInput

    if not isinstance(value, list) or not value:
        raise InvalidInput(f"{field}: a non-empty list of language codes among {', '.join(LANGUAGE_CODES)}",
                           field=field)
    codes: list[str] = []
    for code in value:
        if not isinstance(code, str) or code not in LANGUAGE_CODES:
            raise InvalidInput(f"{field}: {code!r} is not a language code (one of {', '.join(LANGUAGE_CODES)})",
                               field=field)
        if code in codes:
            raise InvalidInput(f"{field}: {code!r} is given twice", field=field)
        codes.append(code)
    return codes


def own_text(obj, field: str, lang: str) -> str:
    """The text `field` of a record in exactly `lang` ('' when it has none)."""
    if lang in COLUMN_LANGUAGES and hasattr(obj, f"{field}_{lang}"):
        return getattr(obj, f"{field}_{lang}") or ""
    return ((getattr(obj, "translations", None) or {}).get(field) or {}).get(lang) or ""


def text_in(obj, field: str, lang: str) -> str:
    """The text `field` of a record (its name, title, "on behalf of" wording...) for a reader of `lang`.

    A record keeps its texts only in the languages its conference works in; asked for another one,
    it answers in the first language of FALLBACK_ORDER it has, so an English-only conference reads in
    English on the French interface.
    """
    for code in (lang, *FALLBACK_ORDER):
        value = own_text(obj, field, code)
        if value:
            return value
    return ""


def set_text(obj, field: str, lang: str, value: str) -> None:
    """Store the text `field` of a record in `lang` (a column for fr/en, `translations` otherwise)."""
    if lang in COLUMN_LANGUAGES and hasattr(obj, f"{field}_{lang}"):
        setattr(obj, f"{field}_{lang}", value)
        return
    texts = {k: dict(v) for k, v in (getattr(obj, "translations", None) or {}).items()}
    if value:
        texts.setdefault(field, {})[lang] = value
    else:
        texts.get(field, {}).pop(lang, None)
    obj.translations = {k: v for k, v in texts.items() if v}


def texts_given(fields: dict, field: str) -> dict[str, str]:
    """The `<field>_<lang>` entries of a request, {lang: stripped text}, for every known language."""
    found = {}
    for code in LANGUAGE_CODES:
        value = fields.get(f"{field}_{code}")
        if isinstance(value, str):
            found[code] = value.strip()
    return found


def all_texts(obj, field: str) -> dict[str, str]:
    """Every language the record has `field` in: {lang: text}."""
    return {code: own_text(obj, field, code) for code in LANGUAGE_CODES if own_text(obj, field, code)}
