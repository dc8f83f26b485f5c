"""The maintainers' commands.

    python -m insights migrate                 create or update the tables (at every start)
    python -m insights retention [--days N] [--every SECONDS]
                                               delete conversations older than N days
                                               (RETENTION_DAYS, default 180); --every repeats
                                               it, which is how scripts/run.sh schedules it
    python -m insights unanswered [--days N]   what users asked that the bot could not
                                               answer, grouped, most frequent first
    python -m insights revision MESSAGE        a new, empty migration to fill in

The database is the conversations' (insights/database.py: TRACKER_DB or POSTGRES_*).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from typing import Sequence

import sqlalchemy as sa

from insights import migrate
from insights.database import engine
from insights.retention import delete_old_conversations, retention_days
from insights.tables import unanswered

logger = logging.getLogger("insights")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    command: str = arguments.command
    if command == "migrate":
        migrate.upgrade()
        logger.info("insights tables at revision %s", migrate.current())
    elif command == "retention":
        try:
            days = arguments.days or retention_days()
        except ValueError as error:
            parser.error(str(error))
        return _retention(days, arguments.every)
    elif command == "unanswered":
        _report_unanswered(arguments.days)
    else:
        print(migrate.revision(arguments.message))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or update the tables")
    retention = commands.add_parser("retention", help="delete old conversations")
    retention.add_argument("--days", type=_positive, help="default: RETENTION_DAYS or 180")
    retention.add_argument("--every", type=_positive, metavar="SECONDS", help="repeat forever")
    report = commands.add_parser("unanswered", help="questions the bot could not answer")
    report.add_argument("--days", type=_positive, default=30, help="default: 30")
    revision = commands.add_parser("revision", help="a new, empty migration")
    revision.add_argument("message", help="what the migration does")
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return int(value)


def _retention(days: int, every: int | None) -> int:
    while True:
        try:
            deleted = delete_old_conversations(engine(), days)
            logger.info("retention: deleted %d events older than %d days", deleted, days)
        except sa.exc.SQLAlchemyError as error:
            if every is None:
                raise
            # Maybe the database is restarting: the next round tries again.
            logger.error("retention: failed (%s); again in %d s", type(error).__name__, every)
        if every is None:
            return 0
        time.sleep(every)


def _report_unanswered(days: int) -> None:
    # Imported here: the grouping's scikit-learn takes a second and 80 MB, which `migrate` at
    # every start and the long-running `retention --every` have no use for.
    from insights.queries import DAY_ZONE, unanswered_groups

    try:
        with engine().connect() as connection:
            recorded = sa.inspect(connection).has_table(unanswered.name)
    except sa.exc.OperationalError:  # SQLite: the database's directory does not exist yet
        recorded = False
    groups = unanswered_groups(engine(), days) if recorded else []
    if not groups:
        print(f"No unanswered questions recorded in the last {days} days.")
        return
    total = sum(group.count for group in groups)
    print(f"{total} unanswered questions in the last {days} days, {len(groups)} groups\n")
    print(f"{'count':>5}  {'last seen':<16}  {'lang':<5}  {'intent':<15}  examples")
    for group in groups:
        last_seen = group.last_seen.astimezone(DAY_ZONE).strftime("%Y-%m-%d %H:%M")
        languages = ",".join(group.languages)
        examples = " | ".join(group.examples)
        print(
            f"{group.count:>5}  {last_seen:<16}  {languages:<5}  {group.intents[0]:<15}  {examples}"
        )


if __name__ == "__main__":
    sys.exit(main())
