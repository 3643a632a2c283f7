"""Pure rules of the credentials workflow: categories, statuses, voting rights, file types,
deadline warnings, and the memorandum and draft resolution generated from the record.

No database and no Flask here: every function takes plain values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from confmgr.core.lang import day_month, join_list

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

# Kinds of participant a conference may ask for credentials; by default only its member States,
# observers (observer States, the Holy See, the European Union) when its rules say so.
PRESENTING_KINDS = ("member_state", "observer_state", "holy_see", "european_union")
DEFAULT_PRESENTING_KINDS = ("member_state",)
# Who issued formal credentials and what form provisional information took, as the texts word them.
ISSUER_WORDS = {
    "en": {"head_of_state_or_government": "by the Head of State or Government",
           "minister_for_foreign_affairs": "by the Minister for Foreign Affairs",
           "other_authority": "by another authority"},
    "fr": {"head_of_state_or_government": "du chef d’État ou de gouvernement",
           "minister_for_foreign_affairs": "du ministre des affaires étrangères",
           "other_authority": "d’une autre autorité"},
}

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
    objection: str = ""           # the reason given, when a Committee member objected
    objected_by_fr: str = ""
    objected_by_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_fr

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
    objections: list[StateEntry] = field(default_factory=list)  # every objection, decided or not

    def counts(self) -> dict[str, int]:
        return {"formal": len(self.formal), "provisional": len(self.provisional), "none": len(self.none),
                "challenged": len(self.challenged), "rejected": len(self.rejected),
                "total": len(self.formal) + len(self.provisional) + len(self.none),
                "entitled_to_vote": sum(entitled_to_vote(e.kind, e.status)
                                        for e in self.formal + self.provisional + self.none)}

    def lists(self) -> dict[str, list[str]]:
        return {name: [e.key for e in getattr(self, name)]
                for name in ("formal", "provisional", "none", "challenged", "rejected", "objections")}

    def formal_by_issuer(self) -> dict[str, list[StateEntry]]:
        """Formal credentials grouped by the authority that issued them, as recorded."""
        groups: dict[str, list[StateEntry]] = {}
        for entry in self.formal:
            groups.setdefault(entry.form or "other_authority", []).append(entry)
        return {issuer: groups[issuer] for issuer in FORMAL_ISSUERS if issuer in groups}


def tally(entries: list[StateEntry], lang: str = "fr") -> Tally:
    """Sort States by the category of what was received, in alphabetical order of their names."""
    result = Tally()
    ordered = sorted(entries, key=lambda e: _sort_key(e.name_en if lang == "en" else e.name_fr))
    for entry in ordered:
        getattr(result, entry.category).append(entry)
        if entry.examination in ("challenged", "rejected"):
            getattr(result, entry.examination).append(entry)
        if entry.objection:
            result.objections.append(entry)
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


def _issuers(result: Tally, lang: str) -> str:
    """ "by the Minister for Foreign Affairs (Algeria and Cuba) and by another authority (Fiji)"."""
    words = ISSUER_WORDS[lang]
    return join_list([f"{words[issuer]} ({_names(entries, lang)})"
                      for issuer, entries in result.formal_by_issuer().items()], lang)


def objection_sentence(entry: StateEntry, lang: str) -> str:
    """Who objected to whose credentials, why, and what became of it."""
    who = entry.objected_by_en if lang == "en" else entry.objected_by_fr
    if lang == "en":
        head = (f"{who} objected to the credentials of {entry.name_en}" if who
                else f"An objection was raised to the credentials of {entry.name_en}")
        fate = {"challenged": "the Conference has yet to decide on them",
                "accepted": "the Conference decided to accept them",
                "rejected": "the Conference decided to reject them"}.get(entry.examination, "")
        return f"{head} ({entry.objection}); {fate}." if fate else f"{head} ({entry.objection})."
    head = (f"{who} a soulevé une objection à l’égard des pouvoirs de {entry.name_fr}" if who
            else f"Une objection a été soulevée à l’égard des pouvoirs de {entry.name_fr}")
    fate = {"challenged": "la Conférence ne s’est pas encore prononcée",
            "accepted": "la Conférence a décidé de les accepter",
            "rejected": "la Conférence a décidé de les rejeter"}.get(entry.examination, "")
    return f"{head} ({entry.objection}); {fate}." if fate else f"{head} ({entry.objection})."


def draft_resolution(result: Tally, *, report_symbol: str, conference_fr: str, conference_en: str,
                     lang: str) -> str:
    """The draft resolution the Committee recommends to the conference, in French or English, naming
    what the record holds: issuers of formal credentials, States with provisional information or none,
    objections and how they were decided."""
    counts = result.counts()
    en = lang == "en"
    paragraphs: list[str] = []
    if en:
        accepts = "Accepts the credentials of the representatives of the States referred to in the report"
        if result.rejected:
            accepts += f", except those of {_names(result.rejected, 'en')}, which the Conference rejected"
        paragraphs.append(accepts + ";")
        if result.formal:
            paragraphs.append(f"Notes that formal credentials were received from {counts['formal']} "
                              f"{_states(counts['formal'], 'en')}, issued {_issuers(result, 'en')};")
        if result.provisional:
            paragraphs.append(f"Notes that provisional information was received from {counts['provisional']} "
                              f"{_states(counts['provisional'], 'en')}: {_names(result.provisional, 'en')}, "
                              "and requests them to submit formal credentials;")
        if result.none:
            paragraphs.append(f"Notes that nothing was received from {counts['none']} "
                              f"{_states(counts['none'], 'en')}: {_names(result.none, 'en')};")
        if result.challenged:
            paragraphs.append(f"Notes the objection raised to the credentials of {_names(result.challenged, 'en')}, "
                              "whose representatives remain seated provisionally with the same rights as other "
                              "representatives until the Conference decides.")
        head = [conference_en[:1].upper() + conference_en[1:], "", "Credentials of representatives to the Conference",
                "", "The Conference,", "",
                f"Having considered the report of the Credentials Committee ({report_symbol}) and the "
                "recommendation contained therein,"]
    else:
        accepts = "Accepte les pouvoirs des représentants des États mentionnés dans le rapport"
        if result.rejected:
            accepts += f", à l’exception de ceux de {_names(result.rejected, 'fr')}, que la Conférence a rejetés"
        paragraphs.append(accepts + ";")
        if result.formal:
            paragraphs.append(f"Note que des pouvoirs en bonne et due forme ont été reçus de {counts['formal']} "
                              f"{_states(counts['formal'], 'fr')}, émanant {_issuers(result, 'fr')};")
        if result.provisional:
            paragraphs.append(f"Note que des informations provisoires ont été reçues de {counts['provisional']} "
                              f"{_states(counts['provisional'], 'fr')} : {_names(result.provisional, 'fr')}, "
                              "et les prie de présenter leurs pouvoirs en bonne et due forme;")
        if result.none:
            paragraphs.append(f"Note que rien n’a été reçu de {counts['none']} {_states(counts['none'], 'fr')} : "
                              f"{_names(result.none, 'fr')};")
        if result.challenged:
            paragraphs.append(f"Prend note de l’objection soulevée à l’égard des pouvoirs de "
                              f"{_names(result.challenged, 'fr')}, dont les représentants continuent de siéger "
                              "provisoirement avec les mêmes droits que les autres représentants jusqu’à ce que la "
                              "Conférence se prononce.")
        head = [conference_fr[:1].upper() + conference_fr[1:], "", "Pouvoirs des représentants à la Conférence",
                "", "La Conférence,", "",
                f"Ayant examiné le rapport de la Commission de vérification des pouvoirs ({report_symbol}) et "
                "la recommandation qui y figure,"]
    lines = list(head)
    for number, text in enumerate(paragraphs, start=1):
        lines += ["", f"{number}. {text}"]
    return "\n".join(lines)


def _states(count: int, lang: str) -> str:
    if lang == "en":
        return "State" if count == 1 else "States"
    return "État" if count == 1 else "États"


def report_text(result: Tally, *, report_symbol: str, members: list[str], chair: str | None,
                meeting_date: date | None, lang: str, resolution: str) -> str:
    """The Committee's report: composition, what it examined, its findings as recorded and the draft
    resolution."""
    counts = result.counts()
    en = lang == "en"
    when = day_month(meeting_date, lang, year=True) if meeting_date else ""
    received: list[str] = []
    if en:
        if result.formal:
            received.append(f"Formal credentials were received from {counts['formal']} "
                            f"{_states(counts['formal'], 'en')}, issued {_issuers(result, 'en')}.")
        if result.provisional:
            received.append(f"Provisional information was received from {counts['provisional']} "
                            f"{_states(counts['provisional'], 'en')}: {_names(result.provisional, 'en')}.")
        if result.none:
            received.append(f"Nothing was received from {counts['none']} {_states(counts['none'], 'en')}: "
                            f"{_names(result.none, 'en')}.")
        paragraphs = [
            f"The Credentials Committee is composed of the following States: {_join(members, 'en')}."
            + (f" It elected {chair} as its Chair." if chair else ""),
            "The Committee met" + (f" on {when}" if when else "") + " and had before it a memorandum "
            "of the secretariat on the status of the credentials of the representatives of the States "
            "participating in the Conference.",
            " ".join(received),
        ]
        closing = "The Committee recommends to the Conference the adoption of the following draft resolution:"
        title = f"Report of the Credentials Committee ({report_symbol})"
    else:
        if result.formal:
            received.append(f"Des pouvoirs en bonne et due forme ont été reçus de {counts['formal']} "
                            f"{_states(counts['formal'], 'fr')}, émanant {_issuers(result, 'fr')}.")
        if result.provisional:
            received.append(f"Des informations provisoires ont été reçues de {counts['provisional']} "
                            f"{_states(counts['provisional'], 'fr')} : {_names(result.provisional, 'fr')}.")
        if result.none:
            received.append(f"Rien n’a été reçu de {counts['none']} {_states(counts['none'], 'fr')} : "
                            f"{_names(result.none, 'fr')}.")
        paragraphs = [
            f"La Commission de vérification des pouvoirs est composée des États suivants : {_join(members, 'fr')}."
            + (f" Elle a élu {chair} à sa présidence." if chair else ""),
            "La Commission s’est réunie" + (f" le {when}" if when else "") + " et était saisie d’un "
            "mémorandum du secrétariat sur l’état des pouvoirs des représentants des États participant à la "
            "Conférence.",
            " ".join(received),
        ]
        closing = "La Commission recommande à la Conférence d’adopter le projet de résolution suivant :"
        title = f"Rapport de la Commission de vérification des pouvoirs ({report_symbol})"
    paragraphs += [objection_sentence(entry, lang) for entry in result.objections]
    parts = [title]
    for number, text in enumerate(p for p in paragraphs if p):
        parts += ["", f"{number + 1}. {text}"]
    parts += ["", closing, "", resolution]
    return "\n".join(parts)


def _join(names: list[str], lang: str) -> str:
    if not names:
        return "—"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + (" and " if lang == "en" else " et ") + names[-1]
