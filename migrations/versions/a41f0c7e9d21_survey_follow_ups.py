"""surveys: the committee's public answer to a closed period ("Du sagde — vi gjorde")

Revision ID: a41f0c7e9d21
Revises: 7d2a4c9e1f03
Create Date: 2026-12-03 13:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a41f0c7e9d21'
down_revision = '7d2a4c9e1f03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'survey_follow_ups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('on_behalf', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                name=op.f('fk_survey_follow_ups_survey_id_surveys'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['published_by_id'], ['users.id'],
                                name=op.f('fk_survey_follow_ups_published_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_follow_ups')),
        sa.UniqueConstraint('survey_id', 'period',
                            name=op.f('uq_survey_follow_ups_survey_id_period')),
    )
    op.create_index(op.f('ix_survey_follow_ups_published_by_id'), 'survey_follow_ups',
                    ['published_by_id'])


def downgrade():
    op.drop_index(op.f('ix_survey_follow_ups_published_by_id'), table_name='survey_follow_ups')
    op.drop_table('survey_follow_ups')
