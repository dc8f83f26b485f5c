"""The maintainers' records: what the bot answered, how users rated it, what it could not answer.

They live in the conversations' database (Rasa's tracker store), beside its `events` table, so
the console can show a rating with the conversation around it and one retention job covers
both. Pure Python and SQLAlchemy Core, no Rasa imports (tests/unit/test_layout.py keeps it so):
the action server writes through it, the console and `python -m insights` read through it, and
its tests run in milliseconds on SQLite files.

- database: which database (TRACKER_DB or POSTGRES_*) and its shared engine
- tables, migrations/, migrate: the tables and the Alembic migrations that create them
- pseudonym: a rater's keyed hash instead of their sender id
- records: writing turns, ratings and unanswered questions, never in the way of an answer
- grouping, queries, export: what the console shows and exports
- retention: deleting conversations older than 180 days
"""
