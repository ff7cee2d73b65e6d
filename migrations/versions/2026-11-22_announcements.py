"""announcements: meetings, announcements, scheduled sends, RSVPs, API tokens, coordinators;
message.announcement_id/kind with one outbox row per (announcement, contact, kind)

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 06:43:03.464536
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    op.create_table('coordinator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordinator')),
    sa.UniqueConstraint('phone', name=op.f('uq_coordinator_phone'))
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('districts', sa.JSON(), nullable=False),
    sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('agenda', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organiser', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('online_link', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_status'), ['status'], unique=False)

    op.create_table('announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('send_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reminder_offsets_minutes', sa.JSON(), nullable=False),
    sa.Column('dlt_template_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('whatsapp_content_sid', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('whatsapp_variables', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_announcement_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement'))
    )
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcement_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcement_status'), ['status'], unique=False)

    op.create_table('announcement_send',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('materialised_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcement.id'], name=op.f('fk_announcement_send_announcement_id_announcement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_send')),
    sa.UniqueConstraint('announcement_id', 'kind', name=op.f('uq_announcement_send_announcement_id_kind'))
    )
    with op.batch_alter_table('announcement_send', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_send_announcement_id'), ['announcement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcement_send_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcement_send_state'), ['state'], unique=False)

    op.create_table('rsvp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_rsvp_contact_id_contact')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_rsvp_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_rsvp_message_id_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rsvp')),
    sa.UniqueConstraint('meeting_id', 'contact_id', name=op.f('uq_rsvp_meeting_id_contact_id'))
    )
    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rsvp_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announcement_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(batch_op.f('ix_message_announcement_id'), ['announcement_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_message_announcement_id_contact_id_kind'), ['announcement_id', 'contact_id', 'kind'])
        batch_op.create_foreign_key(batch_op.f('fk_message_announcement_id_announcement'), 'announcement', ['announcement_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_message_announcement_id_announcement'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_message_announcement_id_contact_id_kind'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_message_announcement_id'))
        batch_op.drop_column('kind')
        batch_op.drop_column('announcement_id')

    with op.batch_alter_table('rsvp', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rsvp_meeting_id'))

    op.drop_table('rsvp')
    with op.batch_alter_table('announcement_send', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_send_state'))
        batch_op.drop_index(batch_op.f('ix_announcement_send_due_at'))
        batch_op.drop_index(batch_op.f('ix_announcement_send_announcement_id'))

    op.drop_table('announcement_send')
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_status'))
        batch_op.drop_index(batch_op.f('ix_announcement_region'))
        batch_op.drop_index(batch_op.f('ix_announcement_meeting_id'))

    op.drop_table('announcement')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_status'))
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_region'))

    op.drop_table('meeting')
    op.drop_table('coordinator')
    op.drop_table('api_token')
