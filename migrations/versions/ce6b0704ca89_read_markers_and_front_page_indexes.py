"""forum: read markers (thread_reads, network_visits) and the personal front page's index

thread_reads and network_visits are the only tables a GET request writes (app/forum/reading.py).

Revision ID: ce6b0704ca89
Revises: a41c7e20d5b9
Create Date: 2026-12-03 13:46:43.592763

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ce6b0704ca89'
down_revision = 'a41c7e20d5b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_visits',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('visited_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_visits_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_visits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'network_id', name=op.f('pk_network_visits'))
    )
    with op.batch_alter_table('network_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_visits_network_id'), ['network_id'], unique=False)

    op.create_table('thread_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_post_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_reads_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_thread_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_reads'))
    )
    with op.batch_alter_table('thread_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thread_reads_thread_id'), ['thread_id'], unique=False)

    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.create_index('ix_threads_network_activity', ['network_id', 'last_activity_at'], unique=False)



def downgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_index('ix_threads_network_activity')

    with op.batch_alter_table('thread_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thread_reads_thread_id'))

    op.drop_table('thread_reads')
    with op.batch_alter_table('network_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_visits_network_id'))

    op.drop_table('network_visits')
