"""Who may see the console: one shared password, server-side sessions, CSRF tokens, lockout.

The cookie holds only a random token; what it stands for (signed in or not, its CSRF token, when
it expires) stays in this process, so signing out or a restart ends it for certain. Every form
carries its session's CSRF token — the login form too, through a short session of its own made
when the login page is shown — and a POST whose token does not match is refused. An address that
gives the wrong password too often is refused for a while, so the password cannot be guessed at
speed.
"""

from __future__ import annotations

import hmac
import math
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Deque, Dict

COOKIE = "console_session"
SIGNED_IN_SECONDS = 8 * 3600
# Long enough to type a password, short enough that unused login pages are soon forgotten.
LOGIN_PAGE_SECONDS = 15 * 60
# Beyond this many sessions the one expiring soonest is dropped: someone reloading the login
# page in a loop cannot make the process grow.
MAX_SESSIONS = 10_000
FAILURES_ALLOWED = 5
FAILURE_WINDOW_SECONDS = 15 * 60

Clock = Callable[[], float]


def password_matches(expected: str, given: str) -> bool:
    """In constant time, so the answer's timing tells nothing about the password."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


@dataclass
class Session:
    token: str
    csrf: str
    signed_in: bool
    expires: float

    def csrf_matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(
            self.csrf.encode("utf-8"), given.encode("utf-8")
        )


@dataclass
class Sessions:
    clock: Clock = time.monotonic
    _sessions: Dict[str, Session] = field(default_factory=dict)

    def begin(self, signed_in: bool) -> Session:
        """A new session under a new token (never a reused one: signing in changes the token)."""
        now = self.clock()
        self._forget_expired(now)
        if len(self._sessions) >= MAX_SESSIONS:
            soonest = min(self._sessions.values(), key=lambda session: session.expires)
            del self._sessions[soonest.token]
        lifetime = SIGNED_IN_SECONDS if signed_in else LOGIN_PAGE_SECONDS
        session = Session(
            token=secrets.token_urlsafe(32),
            csrf=secrets.token_urlsafe(32),
            signed_in=signed_in,
            expires=now + lifetime,
        )
        self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        session = self._sessions.get(token) if token else None
        if session is not None and session.expires <= self.clock():
            del self._sessions[session.token]
            return None
        return session

    def end(self, token: str | None) -> None:
        if token:
            self._sessions.pop(token, None)

    def _forget_expired(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items() if s.expires <= now]:
            del self._sessions[token]


@dataclass
class LoginThrottle:
    """At most FAILURES_ALLOWED wrong passwords from one address in FAILURE_WINDOW_SECONDS."""

    clock: Clock = time.monotonic
    _failures: Dict[str, Deque[float]] = field(default_factory=dict)

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may try again; 0 if it may now."""
        failures = self._recent(address)
        if len(failures) < FAILURES_ALLOWED:
            return 0
        return max(1, math.ceil(failures[0] + FAILURE_WINDOW_SECONDS - self.clock()))

    def failed(self, address: str) -> None:
        for known in list(self._failures):  # addresses that stopped trying are forgotten
            self._recent(known)
        self._failures.setdefault(address, deque()).append(self.clock())

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)

    def _recent(self, address: str) -> Deque[float]:
        failures = self._failures.get(address, deque())
        cutoff = self.clock() - FAILURE_WINDOW_SECONDS
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            self._failures.pop(address, None)
        return failures
