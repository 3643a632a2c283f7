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
