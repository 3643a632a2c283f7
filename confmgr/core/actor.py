"""Who is acting. Services receive an Actor explicitly instead of reading Flask's globals."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    PRESIDENT = "president"
    CREDENTIALS = "credentials"
    DELEGATE = "delegate"
    PUBLIC = "public"


@dataclass(frozen=True)
class Actor:
    role: Role
    user_id: int | None = None
    participant_id: int | None = None
    label: str = "public"

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def speaks_for(self, participant_id: int) -> bool:
        return self.role is Role.DELEGATE and self.participant_id == participant_id


PUBLIC = Actor(role=Role.PUBLIC)
# Used by command-line loaders (demo data, imports): acts with the secretariat's rights.
SYSTEM = Actor(role=Role.SECRETARIAT, label="system")
