"""Human labels, in the interface language, for the codes stored in the database."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    # participant kinds
    "member_state": _l("Member State"),
    "observer_state": _l("Observer State"),
    "holy_see": _l("Holy See"),
    "european_union": _l("European Union"),
    "igo": _l("Intergovernmental organization"),
    "ngo": _l("Non-governmental organization"),
    # regional groups
    "african": _l("African States"),
    "asia_pacific": _l("Asia-Pacific States"),
    "eastern_european": _l("Eastern European States"),
    "latin_american_caribbean": _l("Latin American and Caribbean States"),
    "western_european_other": _l("Western European and other States"),
    # meetings
    "morning": _l("morning"),
    "afternoon": _l("afternoon"),
    "evening": _l("evening"),
    "plenary": _l("plenary"),
    "informal": _l("informal"),
    # documents
    "general": _l("General"),
    "limited": _l("Limited"),
    # roles
    "secretariat": _l("secretariat"),
    "president": _l("President's office"),
    "credentials": _l("Credentials Committee"),
    "delegate": _l("delegate"),
    "public": _l("public"),
    # levels of representation
    "head_of_state": _l("Head of State or Government"),
    "vice_president": _l("Vice-President"),
    "minister": _l("Minister"),
    "vice_minister": _l("Vice-Minister"),
    "head_of_delegation": _l("Head of delegation"),
    "other": _l("Other"),
}


def label(code: object) -> str:
    """The translated label of a stored code; an unknown code is shown as it is."""
    if code is None:
        return ""
    return str(LABELS.get(str(code), code))


def register(codes: dict[str, object]) -> None:
    """Domains add the labels of their own codes (statuses, decision kinds...)."""
    LABELS.update(codes)
