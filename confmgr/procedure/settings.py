"""Reading the conference's procedure parameters (defaults until the secretariat sets them)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.procedure.models import ProcedureSettings
from confmgr.procedure.parameters import ProcedureParameters


def settings_row(session: Session) -> ProcedureSettings:
    row = session.scalar(select(ProcedureSettings).order_by(ProcedureSettings.id).limit(1))
    if row is None:
        row = ProcedureSettings(parameters=ProcedureParameters().to_dict(), adopted=False)
        session.add(row)
        session.flush()
    return row


def current_parameters(session: Session) -> ProcedureParameters:
    row = session.scalar(select(ProcedureSettings).order_by(ProcedureSettings.id).limit(1))
    return ProcedureParameters.from_dict(row.parameters) if row is not None else ProcedureParameters()
