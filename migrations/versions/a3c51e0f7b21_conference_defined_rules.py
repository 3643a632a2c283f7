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
    with op.batch_alter_table("participants") as batch_op:
        batch_op.add_column(sa.Column("article_en", sa.String(length=10), nullable=False, server_default=""))
    op.create_table(
        "report_added_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("after", sa.String(length=120), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_added_paragraphs")),
    )


def downgrade():
    op.drop_table("report_added_paragraphs")
    with op.batch_alter_table("participants") as batch_op:
        batch_op.drop_column("article_en")
    with op.batch_alter_table("credentials_settings") as batch_op:
        batch_op.drop_column("presenting_kinds")
    with op.batch_alter_table("decisions") as batch_op:
        batch_op.drop_column("threshold")
