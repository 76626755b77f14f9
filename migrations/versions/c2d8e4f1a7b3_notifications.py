"""notifications: notifications per person and event, follows and mutes, delivery choices,
notification profiles; events.notified (existing events count as delivered)

Revision ID: c2d8e4f1a7b3
Revises: a41f0c7e9d21
Create Date: 2026-12-03 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2d8e4f1a7b3'
down_revision = 'a41f0c7e9d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events') as batch:
        batch.add_column(sa.Column('notified', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
    # What happened before notifications existed is not news to anyone.
    op.execute(sa.text("UPDATE events SET notified = :yes").bindparams(yes=True))
    op.create_index('ix_events_notified_id', 'events', ['notified', 'id'])

    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('topic', sa.String(length=30), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_notifications_event_id_events'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
        sa.UniqueConstraint('user_id', 'event_id', name='uq_notifications_user_id_event_id'),
    )
    op.create_index(op.f('ix_notifications_event_id'), 'notifications', ['event_id'])
    op.create_index('ix_notifications_user_id_id', 'notifications', ['user_id', 'id'])
    op.create_index('ix_notifications_user_id_read_at', 'notifications', ['user_id', 'read_at'])

    op.create_table(
        'follows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.Enum('network', 'thread', 'proposal', name='followtarget',
                                    native_enum=False, create_constraint=False, length=10),
                  nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('muted', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
        sa.UniqueConstraint('user_id', 'target', 'target_id',
                            name='uq_follows_user_id_target_target_id'),
    )
    op.create_index('ix_follows_target_target_id', 'follows', ['target', 'target_id'])

    op.create_table(
        'notification_choices',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('topic', sa.String(length=30), nullable=False),
        sa.Column('delivery', sa.Enum('off', 'in_app', 'now', 'daily', 'weekly', name='delivery',
                                      native_enum=False, create_constraint=False, length=10),
                  nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_notification_choices_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'topic', name=op.f('pk_notification_choices')),
    )
    op.create_table(
        'notification_profiles',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_digest_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('show_titles', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_notification_profiles_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_profiles')),
    )


def downgrade():
    op.drop_table('notification_profiles')
    op.drop_table('notification_choices')
    op.drop_index('ix_follows_target_target_id', table_name='follows')
    op.drop_table('follows')
    op.drop_index('ix_notifications_user_id_read_at', table_name='notifications')
    op.drop_index('ix_notifications_user_id_id', table_name='notifications')
    op.drop_index(op.f('ix_notifications_event_id'), table_name='notifications')
    op.drop_table('notifications')
    op.drop_index('ix_events_notified_id', table_name='events')
    with op.batch_alter_table('events') as batch:
        batch.drop_column('notified')
