"""A Redis lock store that is safe when several Rasa servers share it.

Rasa 3.6's `RedisLockStore` reads a conversation's ticket lock, changes it in Python and
writes it back. Two servers receiving messages of one user at the same moment both read the
same lock and hand out the same ticket number, so both process at once, and the SQL tracker
store then drops one of the turns (it appends only the events beyond the count already
stored). Seen here with 20 simultaneous messages across two servers: one user turn lost.

Here every read-change-write of a lock is one Redis transaction (WATCH/MULTI), retried when
another server wrote the lock in between; removing the lock when nobody waits is part of the
same transaction, so a ticket issued meanwhile is never deleted with it.
"""

from __future__ import annotations

import json
from typing import Callable, List

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

LockChange = Callable[[TicketLock | None], TicketLock | None]


class AtomicRedisLockStore(RedisLockStore):
    """`lock_store: type: stores.redis_lock_store.AtomicRedisLockStore` with Redis' settings."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        # Rasa connects lazily; without this an unreachable Redis shows only on a first message.
        try:
            self.red.ping()
        except redis.RedisError as error:
            where = f"{endpoint_config.url}:{endpoint_config.kwargs.get('port', 6379)}"
            raise LockError(f"Redis lock store unreachable at {where}: {error}") from error

    def _change(self, conversation_id: str, change: LockChange) -> None:
        """Apply `change` to the stored lock atomically; a `None` result deletes it."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    changed = change(lock)
                    pipe.multi()
                    if changed is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, changed.dumps())
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue  # another server changed the lock first: redo on its version

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued: List[int] = []

        def add_ticket(lock: TicketLock | None) -> TicketLock:
            lock = lock or TicketLock(conversation_id)
            issued[:] = [lock.issue_ticket(lock_lifetime)]
            return lock

        try:
            self._change(conversation_id, add_ticket)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return issued[0]

    def update_lock(self, conversation_id: str) -> None:
        def remove_expired(lock: TicketLock | None) -> TicketLock | None:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock

        self._change(conversation_id, remove_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> TicketLock | None:
            if lock is None:
                return None
            lock.remove_ticket_for(ticket_number)
            return lock if lock.is_someone_waiting() else None

        self._change(conversation_id, finish)
