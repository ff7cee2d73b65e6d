"""india sms: message.template_id, missed_call

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-22 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("template_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_table(
        "missed_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("call_sid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("called", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_missed_call_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missed_call")),
        sa.UniqueConstraint("provider", "call_sid", name=op.f("uq_missed_call_provider_call_sid")),
    )
    op.create_index("ix_missed_call_phone_created", "missed_call", ["phone", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_missed_call_phone_created", table_name="missed_call")
    op.drop_table("missed_call")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("template_id")
