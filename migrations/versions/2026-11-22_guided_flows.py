"""guided flows: handoff requests (talk to a person)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_handoff_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff")),
    )
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handoff_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_status"))
        batch_op.drop_index(batch_op.f("ix_handoff_contact_id"))
    op.drop_table("handoff")
