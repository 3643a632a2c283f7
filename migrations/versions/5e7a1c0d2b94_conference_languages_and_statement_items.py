"""texts in the conference's own languages; the agenda item of a statement entered after the fact

Revision ID: 5e7a1c0d2b94
Revises: a3c51e0f7b21
Create Date: 2026-12-03 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e7a1c0d2b94'
down_revision = 'a3c51e0f7b21'
branch_labels = None
depends_on = None

TRANSLATED = ('conferences', 'participants', 'groups', 'agenda_items', 'bureau_offices')


def upgrade():
    for table in TRANSLATED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('translations', server_default=None)
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_item_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_statements_agenda_item_id_agenda_items'), 'agenda_items',
                                    ['agenda_item_id'], ['id'])


def downgrade():
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_statements_agenda_item_id_agenda_items'), type_='foreignkey')
        batch_op.drop_column('agenda_item_id')
    for table in TRANSLATED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
