"""The one permission table. Pages, the JSON API and socket events all call `require`.

Each permission names the roles that hold it; a role not listed is refused with Forbidden.
"""
from __future__ import annotations

from confmgr.core.actor import Actor, Role
from confmgr.core.errors import Forbidden

S, P, C, D = Role.SECRETARIAT, Role.PRESIDENT, Role.CREDENTIALS, Role.DELEGATE

PERMISSIONS: dict[str, frozenset[Role]] = {
    # registry
    "conference.manage": frozenset({S}),
    "participants.manage": frozenset({S}),
    "meetings.manage": frozenset({S}),
    "agenda.manage": frozenset({S}),
    "documents.manage": frozenset({S}),
    "documents.read_limited": frozenset({S, P, C, D}),
    "users.manage": frozenset({S}),
    "audit.read": frozenset({S}),
    # drafts
    "drafts.publish": frozenset({S}),
    "drafts.annotate": frozenset({S}),
    "drafts.propose": frozenset({S, D}),
    "drafts.edit_live": frozenset({S}),
    # procedure
    "procedure.rules": frozenset({S}),
    "procedure.conduct": frozenset({S, P}),
    "decisions.record": frozenset({S, P}),
    # bureau
    "bureau.manage": frozenset({S}),
    "bureau.elect": frozenset({S, P}),
    "bureau.ballots": frozenset({S}),
    "bureau.appoint": frozenset({S, P}),
    # credentials (a credentials-role user acts only for a State sitting on the Committee)
    "credentials.committee.manage": frozenset({S}),
    "credentials.committee.chair": frozenset({S, C}),
    "credentials.settings": frozenset({S}),
    "credentials.receive": frozenset({S}),
    "credentials.read": frozenset({S, P, C}),
    "credentials.memorandum": frozenset({S}),
    "credentials.examine": frozenset({S, C}),
    "credentials.report": frozenset({S, C}),
    "credentials.adopt_report": frozenset({S, C}),
    "credentials.conference_decide": frozenset({S, P}),
    # speakers
    "speakers.setup": frozenset({S}),
    "speakers.chair": frozenset({S, P}),
    "speakers.inscribe": frozenset({S, D}),
    "speakers.inscribe_any": frozenset({S}),
    "speakers.swap": frozenset({S, P, D}),
    "speakers.reply": frozenset({S, P, D}),
    "speakers.point_of_order": frozenset({S, P, D}),
    "speakers.record": frozenset({S}),
    "drafts.assign_facilitator": frozenset({S}),
    # report (reading: anyone signed in, the public once adopted; see confmgr.report.services)
    "report.edit": frozenset({S}),
}


def allowed(actor: Actor, permission: str) -> bool:
    try:
        roles = PERMISSIONS[permission]
    except KeyError:  # a typo must not silently open or close a door
        raise LookupError(f"unknown permission {permission!r}") from None
    return actor.role in roles


def require(actor: Actor, permission: str) -> None:
    if not allowed(actor, permission):
        who = "you are not signed in" if not actor.is_authenticated else f"the {actor.role} role"
        raise Forbidden(f"not allowed: {permission} ({who} may not do this)")
