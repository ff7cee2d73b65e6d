"""The outbox index ends with id, so claiming the next due rows is an index range scan.

A broadcast queues thousands of rows with the same priority and time; without id in the index the
database sorts them all on every claim.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_outbox")
        batch_op.create_index("ix_message_outbox", ["status", "priority", "next_attempt_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_outbox")
        batch_op.create_index("ix_message_outbox", ["status", "priority", "next_attempt_at"], unique=False)
