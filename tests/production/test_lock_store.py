"""`AtomicRedisLockStore` on a real Redis: two stores (two Rasa servers) issuing tickets for
one conversation at the same moment never hand out the same number; no Redis, no start."""

from __future__ import annotations

import concurrent.futures
import threading

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from stores.redis_lock_store import AtomicRedisLockStore
from tests.production.conftest import REDIS_PORT
from tests.production.stores import Redis


def test_unreachable_redis_stops_the_start_naming_it() -> None:
    # Runs before the module's Redis is started: nothing listens on the port yet.
    with pytest.raises(LockError, match=f"Redis lock store unreachable at 127.0.0.1:{REDIS_PORT}"):
        AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=REDIS_PORT))


def test_simultaneous_tickets_across_servers_are_unique(redis_server: Redis) -> None:
    config = EndpointConfig(url="127.0.0.1", port=redis_server.port, db=0)
    servers = [AtomicRedisLockStore(config), AtomicRedisLockStore(config)]
    start = threading.Barrier(40)

    def take_ticket(number: int) -> int:
        start.wait()
        return servers[number % 2].issue_ticket("one-user")

    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        tickets = list(pool.map(take_ticket, range(40)))
    assert sorted(tickets) == list(range(40))

    lock = servers[0].get_lock("one-user")
    assert [t.number for t in lock.tickets] == list(range(40))
    for ticket in tickets:
        servers[ticket % 2].cleanup("one-user", ticket)
    assert servers[1].get_lock("one-user") is None  # the last one out removes the lock
