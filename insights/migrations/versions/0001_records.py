"""The maintainers' records: answered turns, ratings and unanswered questions.

Revision 0001 (the first).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("time", sa.DateTime, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(100)),
        sa.Column("intent", sa.String(100)),
    )
    op.create_index("ix_turns_time", "turns", ["time"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("time", sa.DateTime, nullable=False),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(16)),
        sa.Column("comment", sa.String(200)),
        sa.Column("question", sa.String(500), nullable=False),
        sa.Column("rater", sa.String(64), nullable=False),
    )
    op.create_index("ix_ratings_time", "ratings", ["time"])
    op.create_index("ix_ratings_topic", "ratings", ["topic"])
    op.create_table(
        "unanswered",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("time", sa.DateTime, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("intent", sa.String(100), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
    )
    op.create_index("ix_unanswered_time", "unanswered", ["time"])
