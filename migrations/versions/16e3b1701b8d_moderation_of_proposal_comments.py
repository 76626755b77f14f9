"""moderation of proposal comments: hide, report, appeal, audit

A comment on a proposal can be reported, hidden (with a reason shown in its place) and
appealed like a post: hidden_* columns on proposal_comments, comment_id on reports, appeals
and audit entries, and the reports' and appeals' one-target check counts comment_id too.

Revision ID: 16e3b1701b8d
Revises: cec0256cb1f8
Create Date: 2026-12-01 03:56:07.973058

"""
from alembic import op
import sqlalchemy as sa

TARGETS_3 = ("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END + CASE WHEN thread_id IS NULL THEN 0 "
             "ELSE 1 END + CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END) = 1")
TARGETS_4 = ("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END + CASE WHEN thread_id IS NULL THEN 0 "
             "ELSE 1 END + CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END + "
             "CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1")


# revision identifiers, used by Alembic.
revision = '16e3b1701b8d'
down_revision = 'cec0256cb1f8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_appeals_comment_id'), ['comment_id'])
        batch_op.create_foreign_key(batch_op.f('fk_appeals_comment_id_proposal_comments'), 'proposal_comments', ['comment_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_appeals_one_target'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_appeals_one_target'), TARGETS_4)

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_audit_entries_comment_id_proposal_comments'), 'proposal_comments', ['comment_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_proposal_comments_hidden_by_id_users'), 'users', ['hidden_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_reports_reporter_comment', ['reporter_id', 'comment_id'])
        batch_op.create_foreign_key(batch_op.f('fk_reports_comment_id_proposal_comments'), 'proposal_comments', ['comment_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_reports_one_target'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_reports_one_target'), TARGETS_4)


def downgrade():
    # Reports and appeals about comments cannot be kept without the column that names them.
    op.execute("DELETE FROM reports WHERE comment_id IS NOT NULL")
    op.execute("DELETE FROM appeals WHERE comment_id IS NOT NULL")
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_reports_one_target'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_reports_one_target'), TARGETS_3)
        batch_op.drop_constraint(batch_op.f('fk_reports_comment_id_proposal_comments'), type_='foreignkey')
        batch_op.drop_constraint('uq_reports_reporter_comment', type_='unique')
        batch_op.drop_column('comment_id')

    with op.batch_alter_table('proposal_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposal_comments_hidden_by_id_users'), type_='foreignkey')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_entries_comment_id_proposal_comments'), type_='foreignkey')
        batch_op.drop_column('comment_id')

    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_appeals_one_target'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_appeals_one_target'), TARGETS_3)
        batch_op.drop_constraint(batch_op.f('fk_appeals_comment_id_proposal_comments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_appeals_comment_id'), type_='unique')
        batch_op.drop_column('comment_id')
