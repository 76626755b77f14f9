"""posts: submission key, one post per form sent

A reply or new thread sent twice with the same form (a double click, a retry after a lost
answer) is saved once: (author_id, submission_key) is unique; old posts have no key.

Revision ID: 36d79558923e
Revises: b6ab4d356e2f
Create Date: 2026-12-01 01:50:17.693394

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '36d79558923e'
down_revision = 'b6ab4d356e2f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_posts_author_submission', ['author_id', 'submission_key'])


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_constraint('uq_posts_author_submission', type_='unique')
        batch_op.drop_column('submission_key')
