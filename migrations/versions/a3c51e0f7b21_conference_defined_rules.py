"""Thresholds of votes, who presents credentials, English articles of names

Revision ID: a3c51e0f7b21
Revises: d7700861b27a
Create Date: 2026-12-03 14:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "a3c51e0f7b21"
down_revision = "d7700861b27a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.add_column(sa.Column("threshold", sa.JSON(), nullable=True))
    with op.batch_alter_table("credentials_settings") as batch_op:
        batch_op.add_column(sa.Column("presenting_kinds", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("credentials_settings") as batch_op:
        batch_op.drop_column("presenting_kinds")
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.drop_column("threshold")
