"""users.email_confirmed_at: a new account counts once its address is confirmed by a mailed link

Sign-up no longer tells whether an address has a profile; it mails a link instead, and the
account is unconfirmed until the link is followed. Every existing account counts as confirmed
(from its creation).

Revision ID: 5c1e0f7a9b2d
Revises: 16e3b1701b8d
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0f7a9b2d'
down_revision = '16e3b1701b8d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade():
    # Without the column an unconfirmed account could log in: remove those first.
    op.execute("DELETE FROM users WHERE email_confirmed_at IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
