"""privacy: stored exports (a large export built by the job queue, kept 24 hours)

One row per person at most: the ZIP of their data, until its signed link expires; deleted
with the profile (ON DELETE CASCADE) and by `flask purge` when expired.

Revision ID: a235ac3fb2ae
Revises: 5b1e9d7c3a20
Create Date: 2026-12-03 16:38:25.935872

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a235ac3fb2ae'
down_revision = '5b1e9d7c3a20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stored_exports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_exports'))
    )
    with op.batch_alter_table('stored_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_exports_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stored_exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_exports_user_id'))

    op.drop_table('stored_exports')
