"""handled_crisis_alerts: a moderator marks a crisis alert as handled and it leaves the queue

Revision ID: a41c7e20d5b9
Revises: a3f1c8d2b9e4
Create Date: 2026-12-03 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a41c7e20d5b9'
down_revision = 'a3f1c8d2b9e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'handled_crisis_alerts',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_handled_crisis_alerts_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'],
                                name=op.f('fk_handled_crisis_alerts_handled_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_handled_crisis_alerts')),
    )


def downgrade():
    op.drop_table('handled_crisis_alerts')
