"""foundation

Revision ID: 0001
Revises:
Create Date: 2026-11-22 06:32:20.551177
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('sms_address', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('whatsapp_address', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('wa_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('external_user_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('profile_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('script', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('district', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consent_channel', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_inbound_sms_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_inbound_whatsapp_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('sms_address', name=op.f('uq_contact_sms_address')),
    sa.UniqueConstraint('whatsapp_address', name=op.f('uq_contact_whatsapp_address'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_phone'), ['phone'], unique=True)

    op.create_table('flow_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('flow', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_session')),
    sa.UniqueConstraint('contact_id', name=op.f('uq_flow_session_contact_id'))
    )
    op.create_table('message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('provider_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('raw_body', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('content_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('segments', sa.Integer(), nullable=True),
    sa.Column('encoding', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('error_message', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('media', sa.JSON(), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('in_reply_to_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['in_reply_to_id'], ['message.id'], ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message')),
    sa.UniqueConstraint('provider', 'provider_id', name=op.f('uq_message_provider_provider_id'))
    )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index('ix_message_contact_created', ['contact_id', 'created_at'], unique=False)
        batch_op.create_index('ix_message_outbox', ['status', 'priority', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_status'), ['status'], unique=False)

    op.create_table('query_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('raw_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('normalised_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('matched_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('band', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('district', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('useful', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_query_log')),
    sa.UniqueConstraint('message_id', name=op.f('uq_query_log_message_id'))
    )
    with op.batch_alter_table('query_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_query_log_answered'), ['answered'], unique=False)
        batch_op.create_index(batch_op.f('ix_query_log_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_query_log_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_query_log_matched_id'), ['matched_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_query_log_normalised_text'), ['normalised_text'], unique=False)

    op.create_table('rejected_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejected_request'))
    )
    with op.batch_alter_table('rejected_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rejected_request_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rejected_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rejected_request_created_at'))

    op.drop_table('rejected_request')
    with op.batch_alter_table('query_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_query_log_normalised_text'))
        batch_op.drop_index(batch_op.f('ix_query_log_matched_id'))
        batch_op.drop_index(batch_op.f('ix_query_log_created_at'))
        batch_op.drop_index(batch_op.f('ix_query_log_contact_id'))
        batch_op.drop_index(batch_op.f('ix_query_log_answered'))

    op.drop_table('query_log')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_status'))
        batch_op.drop_index('ix_message_outbox')
        batch_op.drop_index('ix_message_contact_created')

    op.drop_table('message')
    op.drop_table('flow_session')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_phone'))
        batch_op.drop_index(batch_op.f('ix_contact_district'))

    op.drop_table('contact')
