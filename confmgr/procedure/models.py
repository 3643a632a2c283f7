from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer
from sqlalchemy.orm import Mapped, mapped_column

from confmgr.core.models import Base


class ProcedureSettings(Base):
    """The conference's procedure parameters (one row); frozen once the rules are adopted."""

    __tablename__ = "procedure_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)
    adopted_at_meeting: Mapped[int | None] = mapped_column(Integer)
