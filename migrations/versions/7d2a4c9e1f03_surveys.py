"""surveys: anonymous satisfaction surveys, own questions, invitation-code batches, codes,
responses (waiting and written) and participations

The three anonymous tables (codes, responses, participations) have random string keys and
are WITHOUT ROWID on SQLite, so neither a sequence nor the physical order tells the order
in which answers were written.

Revision ID: 7d2a4c9e1f03
Revises: 7f3a9c2e1d40
Create Date: 2026-12-03 08:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d2a4c9e1f03'
down_revision = '7f3a9c2e1d40'
branch_labels = None
depends_on = None


def _answer_table(name):
    op.create_table(
        name,
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('series', sa.Enum('verified', 'unverified', 'assisted', name='series',
                                    native_enum=False, create_constraint=False, length=16),
                  nullable=False),
        sa.Column('benefit_group', sa.String(length=32), nullable=True),
        sa.Column('channel', sa.String(length=16), nullable=True),
        sa.Column('missed_meeting', sa.Boolean(), nullable=True),
        sa.Column('scores', sa.JSON(), nullable=False),
        sa.Column('different', sa.Text(), nullable=True),
        sa.Column('idea', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                name=op.f(f'fk_{name}_survey_id_surveys'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key', name=op.f(f'pk_{name}')),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f(f'ix_{name}_survey_id'), name, ['survey_id'])


def upgrade():
    op.create_table(
        'surveys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('period_months', sa.Integer(), nullable=False),
        sa.Column('open_link', sa.Boolean(), nullable=False),
        sa.Column('locked', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('period_months IN (1, 2, 3, 6)', name=op.f('ck_surveys_period_months')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_surveys_municipality_id_municipalities'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
        sa.UniqueConstraint('municipality_id', name=op.f('uq_surveys_municipality_id')),
    )
    op.create_table(
        'survey_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                name=op.f('fk_survey_questions_survey_id_surveys'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_questions')),
    )
    op.create_index(op.f('ix_survey_questions_survey_id'), 'survey_questions', ['survey_id'])
    op.create_table(
        'survey_code_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('benefit_group', sa.Enum('dagpenge', 'kontanthjaelp', 'uddannelseshjaelp',
                                           'sygedagpenge', 'ressourceforloeb',
                                           'jobafklaringsforloeb', 'fleksjob',
                                           'integrationsprogram', name='benefitgroup',
                                           native_enum=False, create_constraint=False,
                                           length=32), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                name=op.f('fk_survey_code_batches_survey_id_surveys'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_code_batches')),
    )
    op.create_index(op.f('ix_survey_code_batches_survey_id'), 'survey_code_batches',
                    ['survey_id'])
    op.create_table(
        'survey_codes',
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['survey_code_batches.id'],
                                name=op.f('fk_survey_codes_batch_id_survey_code_batches'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('digest', name=op.f('pk_survey_codes')),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_survey_codes_batch_id'), 'survey_codes', ['batch_id'])
    for table in ('survey_pending_responses', 'survey_responses'):
        _answer_table(table)
    op.create_table(
        'survey_participations',
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_survey_participations')),
        sa.UniqueConstraint('digest', name=op.f('uq_survey_participations_digest')),
        sqlite_with_rowid=False,
    )


def downgrade():
    op.drop_table('survey_participations')
    for table in ('survey_responses', 'survey_pending_responses'):
        op.drop_index(op.f(f'ix_{table}_survey_id'), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f('ix_survey_codes_batch_id'), table_name='survey_codes')
    op.drop_table('survey_codes')
    op.drop_index(op.f('ix_survey_code_batches_survey_id'), table_name='survey_code_batches')
    op.drop_table('survey_code_batches')
    op.drop_index(op.f('ix_survey_questions_survey_id'), table_name='survey_questions')
    op.drop_table('survey_questions')
    op.drop_table('surveys')
