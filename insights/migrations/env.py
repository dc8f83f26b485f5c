"""Alembic's environment for insights' migrations.

insights.migrate.upgrade runs it with a connection already in the transaction (and holding the
lock) that the whole upgrade runs in; there is no offline (SQL script) mode.
"""

from alembic import context

from insights.migrate import VERSION_TABLE
from insights.tables import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
