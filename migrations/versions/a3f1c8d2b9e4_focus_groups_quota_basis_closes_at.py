"""focus groups: what the quotas are per (time in the system or benefit group), and the
closing date for volunteering ("Tilmelding senest")

Revision ID: a3f1c8d2b9e4
Revises: c2d8e4f1a7b3
Create Date: 2026-12-03 13:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f1c8d2b9e4'
down_revision = 'c2d8e4f1a7b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('focus_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quota_basis', sa.Enum('time', 'benefit', name='quotabasis', native_enum=False, length=16), server_default='time', nullable=False))
        batch_op.add_column(sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('focus_groups', schema=None) as batch_op:
        batch_op.drop_column('closes_at')
        batch_op.drop_column('quota_basis')
