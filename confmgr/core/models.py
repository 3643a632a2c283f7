"""The declarative base every model derives from."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names Alembic can reproduce on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The largest id or number a column holds (a PostgreSQL integer); a larger one names no row.
MAX_INT = 2**31 - 1


def in_range(value) -> bool:
    return not isinstance(value, int) or -MAX_INT - 1 <= value <= MAX_INT


def get_existing(session, model: type, ident, label: str):
    """The row of `model` with primary key `ident`, or NotFound("<label> <ident> not found")."""
    from confmgr.core.errors import NotFound

    row = session.get(model, ident) if in_range(ident) else None
    if row is None:
        raise NotFound(f"{label} {ident} not found")
    return row
