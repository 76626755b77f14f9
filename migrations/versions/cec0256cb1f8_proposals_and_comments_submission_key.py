"""proposals and comments: submission key, one per form sent

A new proposal or a comment sent twice with the same form (a double click, a retry after a
lost answer) is saved once: (creator_id | author_id, submission_key) is unique; old rows
have no key.

Revision ID: cec0256cb1f8
Revises: 36d79558923e
Create Date: 2026-12-01 03:48:18.613848

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cec0256cb1f8'
down_revision = '36d79558923e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_proposal_comments_author_submission', ['author_id', 'submission_key'])

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_proposals_creator_submission', ['creator_id', 'submission_key'])


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint('uq_proposals_creator_submission', type_='unique')
        batch_op.drop_column('submission_key')

    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.drop_constraint('uq_proposal_comments_author_submission', type_='unique')
        batch_op.drop_column('submission_key')
