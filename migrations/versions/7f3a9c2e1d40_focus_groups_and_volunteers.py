"""Focus groups: invitations, volunteers and the published lottery

Revision ID: 7f3a9c2e1d40
Revises: 5c1e0f7a9b2d
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7f3a9c2e1d40'
down_revision = '5c1e0f7a9b2d'
branch_labels = None
depends_on = None

_FORMS = ('in_person', 'phone', 'video')


def upgrade():
    op.create_table('focus_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'open', 'drawn', 'held', 'summarised', 'cancelled', name='focusgroupstate', native_enum=False, length=16), nullable=False),
    sa.Column('topic', sa.String(length=150), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('audience', sa.Text(), nullable=False),
    sa.Column('meeting_form', sa.Enum(*_FORMS, name='meetingform', native_enum=False, length=16), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('compensation', sa.Text(), nullable=False),
    sa.Column('accessibility', sa.Text(), nullable=False),
    sa.Column('recording', sa.Text(), nullable=False),
    sa.Column('quotas', sa.JSON(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=True),
    sa.Column('seed_commitment', sa.String(length=64), nullable=True),
    sa.Column('draw_entries', sa.JSON(), nullable=True),
    sa.Column('draw_result', sa.JSON(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('summary_html', sa.Text(), nullable=False),
    sa.Column('linked_proposal_ids', sa.JSON(), nullable=False),
    sa.Column('summarised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('volunteers_purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('seats BETWEEN 1 AND 50', name=op.f('ck_focus_groups_seats_range')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_focus_groups_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_focus_groups_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organiser_id'], ['users.id'], name=op.f('fk_focus_groups_organiser_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_groups'))
    )
    with op.batch_alter_table('focus_groups', schema=None) as batch_op:
        batch_op.create_index('ix_focus_groups_municipality_id_id', ['municipality_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_focus_groups_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_focus_groups_organiser_id'), ['organiser_id'], unique=False)
        batch_op.create_index('ix_focus_groups_state_starts_at', ['state', 'starts_at'], unique=False)

    op.create_table('focus_group_volunteers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('stratum', sa.Enum('short', 'medium', 'long', name='stratum', native_enum=False, length=16), nullable=False),
    sa.Column('benefit_group', sa.Enum('dagpenge', 'kontanthjaelp', 'uddannelseshjaelp', 'sygedagpenge', 'ressourceforloeb', 'jobafklaringsforloeb', 'fleksjob', 'integrationsprogram', name='benefitgroup', native_enum=False, length=32), nullable=True),
    sa.Column('preferred_form', sa.Enum(*_FORMS, name='meetingform', native_enum=False, length=16), nullable=True),
    sa.Column('needs', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=254), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('volunteered', 'selected', 'accepted', 'declined', 'waitlisted', 'not_selected', name='volunteerstatus', native_enum=False, length=16), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('consented_at IS NOT NULL', name=op.f('ck_focus_group_volunteers_consent_given')),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_groups.id'], name=op.f('fk_focus_group_volunteers_focus_group_id_focus_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_focus_group_volunteers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_group_volunteers')),
    sa.UniqueConstraint('focus_group_id', 'number', name='uq_focus_group_volunteers_focus_group_id_number'),
    sa.UniqueConstraint('focus_group_id', 'user_id', name='uq_focus_group_volunteers_focus_group_id_user_id')
    )
    with op.batch_alter_table('focus_group_volunteers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focus_group_volunteers_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('focus_group_volunteers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focus_group_volunteers_user_id'))
    op.drop_table('focus_group_volunteers')
    with op.batch_alter_table('focus_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_focus_groups_state_starts_at')
        batch_op.drop_index(batch_op.f('ix_focus_groups_organiser_id'))
        batch_op.drop_index(batch_op.f('ix_focus_groups_network_id'))
        batch_op.drop_index('ix_focus_groups_municipality_id_id')
    op.drop_table('focus_groups')
