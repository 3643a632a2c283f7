"""Pure rules of the credentials workflow: categories, statuses, voting rights, file types,
deadline warnings, and the memorandum and draft resolution generated from the record.

No database and no Flask here: every function takes plain values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# What the secretariat received (rule 3 of most rules of procedure).
CATEGORIES = ("formal", "provisional", "none")
# Who issued formal credentials; what form provisional information took.
FORMAL_ISSUERS = ("head_of_state_or_government", "minister_for_foreign_affairs", "other_authority")
PROVISIONAL_FORMS = ("copy", "note_verbale", "letter")
# The Committee's findings, and the conference's decision on a challenge.
EXAMINATIONS = ("pending", "accepted", "challenged", "rejected")
# The status other domains see (voting rights): the examination outcome once there is one,
# else the category received.
STATUSES = ("formal", "provisional", "none", "accepted", "challenged", "rejected")
VOTING_STATUSES = frozenset({"formal", "provisional", "accepted", "challenged"})
REPRESENTATIVE_FUNCTIONS = ("head_of_delegation", "alternate", "adviser")

# The Credentials Committee of the General Assembly, by session: a conference whose rules align
# its Committee on the Assembly's takes this composition by default (participant keys).
GENERAL_ASSEMBLY_COMMITTEES: dict[int, tuple[str, ...]] = {
    66: ("china", "costa_rica", "egypt", "italy", "maldives", "panama", "russian_federation", "senegal",
         "united_states"),
}
LATEST_GA_SESSION = max(GENERAL_ASSEMBLY_COMMITTEES)
COMMITTEE_SIZE = 9

# Magic bytes of the file types accepted as credentials (a scan or the PDF of the original).
MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
DUE_SOON_DAYS = 3


class RuleError(ValueError):
    """A value the rules refuse; the message says why."""


def effective_status(category: str, examination: str) -> str:
    """The credentials status of a State: the examination outcome if any, else what was received."""
    if category not in CATEGORIES:
        raise RuleError(f"category: {category!r} is not one of {', '.join(CATEGORIES)}")
    if examination not in EXAMINATIONS:
        raise RuleError(f"examination: {examination!r} is not one of {', '.join(EXAMINATIONS)}")
    return category if examination == "pending" else examination


def entitled_to_vote(kind: str | None, status: str | None) -> bool:
    """A member State votes when its credentials are formal, provisional, accepted or challenged
    (a challenged representative sits provisionally with full rights until the conference decides)."""
    return kind == "member_state" and status in VOTING_STATUSES


def check_form(category: str, form: str | None) -> str | None:
    """The issuer (formal) or form (provisional) must fit the category; nothing for 'none'."""
    if category not in CATEGORIES:
        raise RuleError(f"category: {category!r} is not one of {', '.join(CATEGORIES)}")
    if category == "none":
        if form:
            raise RuleError("form: nothing was received, so there is no form")
        return None
    choices = FORMAL_ISSUERS if category == "formal" else PROVISIONAL_FORMS
    if form not in choices:
        raise RuleError(f"form: for {category} credentials, one of {', '.join(choices)}")
    return form


def sniff_file(data: bytes) -> tuple[str, str]:
    """(media type, extension) of a PDF, PNG or JPEG file, judged by its first bytes."""
    if not data:
        raise RuleError("file: empty")
    for magic, media_type, ext in MAGIC:
        if data.startswith(magic):
            return media_type, ext
    raise RuleError("file: not a PDF, PNG or JPEG file (judged by its content, not its name)")


def deadline_warning(deadline: date | None, today: date, category: str) -> str | None:
    """'overdue' or 'due_soon' for a State still without formal credentials; None otherwise."""
    if deadline is None or category == "formal":
        return None
    if today > deadline:
        return "overdue"
    if (deadline - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return None


@dataclass(frozen=True)
class StateEntry:
    """One participating State as the memorandum and the report see it."""

    key: str
    name_fr: str
    name_en: str
    category: str
    examination: str = "pending"
    form: str | None = None
    kind: str = "member_state"

    @property
    def status(self) -> str:
        return effective_status(self.category, self.examination)


@dataclass
class Tally:
    """Counts and lists of States per category, and the challenged and rejected among them."""

    formal: list[StateEntry] = field(default_factory=list)
    provisional: list[StateEntry] = field(default_factory=list)
    none: list[StateEntry] = field(default_factory=list)
    challenged: list[StateEntry] = field(default_factory=list)
    rejected: list[StateEntry] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"formal": len(self.formal), "provisional": len(self.provisional), "none": len(self.none),
                "challenged": len(self.challenged), "rejected": len(self.rejected),
                "total": len(self.formal) + len(self.provisional) + len(self.none),
                "entitled_to_vote": sum(entitled_to_vote(e.kind, e.status)
                                        for e in self.formal + self.provisional + self.none)}

    def lists(self) -> dict[str, list[str]]:
        return {name: [e.key for e in getattr(self, name)]
                for name in ("formal", "provisional", "none", "challenged", "rejected")}


def tally(entries: list[StateEntry], lang: str = "fr") -> Tally:
    """Sort States by the category of what was received, in alphabetical order of their names."""
    result = Tally()
    ordered = sorted(entries, key=lambda e: _sort_key(e.name_en if lang == "en" else e.name_fr))
    for entry in ordered:
        getattr(result, entry.category).append(entry)
        if entry.examination in ("challenged", "rejected"):
            getattr(result, entry.examination).append(entry)
    return result


def _sort_key(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _names(entries: list[StateEntry], lang: str) -> str:
    names = [e.name_en if lang == "en" else e.name_fr for e in entries]
    if not names:
        return "—"
    if len(names) == 1:
        return names[0]
    joiner = " and " if lang == "en" else " et "
    return ", ".join(names[:-1]) + joiner + names[-1]


def draft_resolution(result: Tally, *, report_symbol: str, conference_fr: str, conference_en: str,
                     lang: str) -> str:
    """The draft resolution the Committee recommends to the conference, in French or English."""
    counts = result.counts()
    if lang == "en":
        lines = [
            conference_en[:1].upper() + conference_en[1:],
            "",
            "Credentials of representatives to the Conference",
            "",
            "The Conference,",
            "",
            f"Having considered the report of the Credentials Committee ({report_symbol}) and the "
            "recommendation contained therein,",
            "",
            "1. Accepts the credentials of the representatives of the States referred to in the report;",
            "",
            f"2. Notes that formal credentials were received from {counts['formal']} States: "
            f"{_names(result.formal, 'en')};",
            "",
            f"3. Notes that provisional information was received from {counts['provisional']} States: "
            f"{_names(result.provisional, 'en')}, and requests them to submit formal credentials;",
        ]
        if result.none:
            lines += ["", f"4. Notes that nothing was received from {counts['none']} States: "
                          f"{_names(result.none, 'en')};"]
        if result.challenged:
            lines += ["", f"{5 if result.none else 4}. Notes the objection raised to the credentials of "
                          f"{_names(result.challenged, 'en')}, whose representatives remain seated "
                          "provisionally with the same rights as other representatives until the "
                          "Conference decides."]
        return "\n".join(lines)
    lines = [
        conference_fr[:1].upper() + conference_fr[1:],
        "",
        "Pouvoirs des représentants à la Conférence",
        "",
        "La Conférence,",
        "",
        f"Ayant examiné le rapport de la Commission de vérification des pouvoirs ({report_symbol}) et "
        "la recommandation qui y figure,",
        "",
        "1. Accepte les pouvoirs des représentants des États mentionnés dans le rapport;",
        "",
        f"2. Note que des pouvoirs en bonne et due forme ont été reçus de {counts['formal']} États : "
        f"{_names(result.formal, 'fr')};",
        "",
        f"3. Note que des informations provisoires ont été reçues de {counts['provisional']} États : "
        f"{_names(result.provisional, 'fr')}, et les prie de présenter leurs pouvoirs en bonne et due forme;",
    ]
    if result.none:
        lines += ["", f"4. Note que rien n’a été reçu de {counts['none']} États : {_names(result.none, 'fr')};"]
    if result.challenged:
        lines += ["", f"{5 if result.none else 4}. Prend note de l’objection soulevée à l’égard des pouvoirs "
                      f"de {_names(result.challenged, 'fr')}, dont les représentants continuent de siéger "
                      "provisoirement avec les mêmes droits que les autres représentants jusqu’à ce que la "
                      "Conférence se prononce."]
    return "\n".join(lines)


def report_text(result: Tally, *, report_symbol: str, members: list[str], chair: str | None,
                meeting_date: date | None, lang: str, resolution: str) -> str:
    """The Committee's report: composition, what it examined, its finding and the draft resolution."""
    counts = result.counts()
    when = meeting_date.isoformat() if meeting_date else ""
    if lang == "en":
        parts = [
            f"Report of the Credentials Committee ({report_symbol})",
            "",
            f"1. The Credentials Committee is composed of the following States: {_join(members, 'en')}."
            + (f" It elected {chair} as its Chair." if chair else ""),
            "",
            "2. The Committee met" + (f" on {when}" if when else "") + " and had before it a memorandum "
            "of the secretariat on the status of the credentials of the representatives of the States "
            "participating in the Conference.",
            "",
            f"3. Formal credentials, issued by the Head of State or Government or the Minister for Foreign "
            f"Affairs, were received from {counts['formal']} States; provisional information from "
            f"{counts['provisional']} States"
            + (f"; nothing from {counts['none']} States." if counts["none"] else "."),
        ]
        if result.challenged:
            parts += ["", f"4. An objection was raised to the credentials of {_names(result.challenged, 'en')}."]
        parts += ["", "The Committee recommends to the Conference the adoption of the following draft "
                      "resolution:", "", resolution]
        return "\n".join(parts)
    parts = [
        f"Rapport de la Commission de vérification des pouvoirs ({report_symbol})",
        "",
        f"1. La Commission de vérification des pouvoirs est composée des États suivants : {_join(members, 'fr')}."
        + (f" Elle a élu {chair} à sa présidence." if chair else ""),
        "",
        "2. La Commission s’est réunie" + (f" le {when}" if when else "") + " et était saisie d’un "
        "mémorandum du secrétariat sur l’état des pouvoirs des représentants des États participant à la "
        "Conférence.",
        "",
        f"3. Des pouvoirs en bonne et due forme, émanant du chef d’État ou de gouvernement ou du ministre des "
        f"affaires étrangères, ont été reçus de {counts['formal']} États; des informations provisoires de "
        f"{counts['provisional']} États" + (f"; rien n’a été reçu de {counts['none']} États." if counts["none"] else "."),
    ]
    if result.challenged:
        parts += ["", f"4. Une objection a été soulevée à l’égard des pouvoirs de {_names(result.challenged, 'fr')}."]
    parts += ["", "La Commission recommande à la Conférence d’adopter le projet de résolution suivant :", "",
              resolution]
    return "\n".join(parts)


def _join(names: list[str], lang: str) -> str:
    if not names:
        return "—"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + (" and " if lang == "en" else " et ") + names[-1]
