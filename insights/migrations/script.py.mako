"""${message}

Revision ${up_revision} (after ${down_revision | comma,n}), written ${create_date}.
"""

import sqlalchemy as sa
from alembic import op

revision = "${up_revision}"
down_revision = "${down_revision}"


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
