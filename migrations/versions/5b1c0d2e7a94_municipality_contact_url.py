"""municipalities: a contact address for the page header

Where citizens reach the municipality (its own contact page). The page header names the
municipality and links to it on the municipality's pages; empty until an admin sets it.

Revision ID: 5b1c0d2e7a94
Revises: a235ac3fb2ae
Create Date: 2026-12-03 16:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1c0d2e7a94'
down_revision = 'a235ac3fb2ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_url', sa.String(length=300), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('contact_url')
