"""index events by kind, network and id

The moderators' open crisis alerts (kind, network, newest first) and the reminder look-ups
ask for events by kind; without this index they scan every event of a network.

Revision ID: 5b1e9d7c3a20
Revises: 0eef510c8621
Create Date: 2026-12-03 16:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b1e9d7c3a20'
down_revision = '0eef510c8621'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_kind_network_id_id', ['kind', 'network_id', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_kind_network_id_id')
