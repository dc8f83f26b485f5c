"""The console's sessions expire and the wrong password locks an address out for a while."""

from __future__ import annotations

from console.auth import (
    FAILURE_WINDOW_SECONDS,
    FAILURES_ALLOWED,
    LOGIN_PAGE_SECONDS,
    MAX_SESSIONS,
    SIGNED_IN_SECONDS,
    LoginThrottle,
    Sessions,
    password_matches,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_password_must_match_exactly() -> None:
    assert password_matches("correct horse 电池", "correct horse 电池")
    assert not password_matches("correct horse", "correct hors")
    assert not password_matches("correct horse", "")


def test_a_session_lasts_until_it_expires_or_ends() -> None:
    clock = Clock()
    sessions = Sessions(clock)
    login_page = sessions.begin(signed_in=False)
    signed_in = sessions.begin(signed_in=True)
    assert login_page.token != signed_in.token and login_page.csrf != signed_in.csrf
    clock.now += LOGIN_PAGE_SECONDS
    assert sessions.get(login_page.token) is None
    assert sessions.get(signed_in.token) is signed_in
    clock.now += SIGNED_IN_SECONDS
    assert sessions.get(signed_in.token) is None
    again = sessions.begin(signed_in=True)
    sessions.end(again.token)
    assert sessions.get(again.token) is None
    assert sessions.get(None) is None and sessions.get("made-up") is None


def test_the_csrf_token_must_be_the_sessions_own() -> None:
    session = Sessions().begin(signed_in=True)
    assert session.csrf_matches(session.csrf)
    assert not session.csrf_matches(None)
    assert not session.csrf_matches("")
    assert not session.csrf_matches(Sessions().begin(signed_in=True).csrf)


def test_reloading_the_login_page_cannot_grow_the_sessions_without_bound() -> None:
    sessions = Sessions()
    signed_in = sessions.begin(signed_in=True)
    for _ in range(MAX_SESSIONS + 10):
        sessions.begin(signed_in=False)
    assert len(sessions._sessions) == MAX_SESSIONS
    # The login pages expire first, so they are the ones dropped.
    assert sessions.get(signed_in.token) is signed_in


def test_too_many_wrong_passwords_lock_the_address_out_for_a_while() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock)
    for _ in range(FAILURES_ALLOWED - 1):
        throttle.failed("192.0.2.1")
        clock.now += 1
    assert throttle.retry_after("192.0.2.1") == 0
    throttle.failed("192.0.2.1")
    wait = throttle.retry_after("192.0.2.1")
    assert FAILURE_WINDOW_SECONDS - FAILURES_ALLOWED <= wait <= FAILURE_WINDOW_SECONDS
    assert throttle.retry_after("192.0.2.2") == 0
    clock.now += wait
    assert throttle.retry_after("192.0.2.1") == 0


def test_the_right_password_clears_an_address_and_idle_addresses_are_forgotten() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock)
    for _ in range(FAILURES_ALLOWED - 1):
        throttle.failed("192.0.2.1")
    throttle.succeeded("192.0.2.1")
    throttle.failed("192.0.2.1")
    assert throttle.retry_after("192.0.2.1") == 0
    clock.now += FAILURE_WINDOW_SECONDS + 1
    throttle.failed("192.0.2.9")
    assert set(throttle._failures) == {"192.0.2.9"}
