"""The maintainers' console as `python -m console` serves it, on loopback ports.

Two consoles start together: one over made-up records (tests/console_fixture.py), one over a
database with no records yet. Only the login page answers without a session; a session's cookie
is HttpOnly and SameSite=Strict; a POST without the session's CSRF token is refused; what users
typed is shown as text; the export is YAML that loads; a wrong parameter is a 4xx with a reason.
"""

from __future__ import annotations

import html
import socket
from pathlib import Path
from typing import Dict, Iterator

import pytest
import requests
import yaml

from harness.servers import running
from insights import database, queries
from tests.console_fixture import (
    PASSWORD,
    PENSION_QUESTIONS,
    SCRIPT,
    Records,
    console_server,
    csrf_token,
    signed_in,
    sqlite_url,
    write_records,
)

VIEWS = ["/", "/unanswered", "/ratings", "/ratings/late_fee", "/conversation/1", "/knowledge"]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Iterator[Dict[str, object]]:
    directory = tmp_path_factory.mktemp("console")
    records = write_records(directory / "tracker.db")
    consoles = {"full": free_port(), "empty": free_port()}
    servers = [
        console_server("unit-console", consoles["full"], directory / "tracker.db"),
        console_server("unit-console-empty", consoles["empty"], directory / "empty.db"),
    ]
    with running(*servers):
        yield {
            "url": f"http://127.0.0.1:{consoles['full']}",
            "empty_url": f"http://127.0.0.1:{consoles['empty']}",
            "records": records,
            "db": directory / "tracker.db",
        }


@pytest.fixture(scope="module")
def url(prepared) -> str:
    return str(prepared["url"])


@pytest.fixture(scope="module")
def client(url: str) -> requests.Session:
    return signed_in(url)


@pytest.fixture(scope="module")
def records(prepared) -> Records:
    assert isinstance(prepared["records"], Records)
    return prepared["records"]


def export(client: requests.Session, url: str, **fields: object) -> requests.Response:
    token = csrf_token(client.get(f"{url}/unanswered").text)
    return client.post(f"{url}/unanswered/export", data={"csrf": token, "days": "7", **fields})


def pension_group(db: object) -> str:
    assert isinstance(db, Path)
    groups = queries.unanswered_groups(database.engine(sqlite_url(db)), 7)
    return next(group.key for group in groups if PENSION_QUESTIONS[0] in group.examples)


def test_without_a_session_only_the_login_page_answers(url: str) -> None:
    anonymous = requests.Session()
    for view in VIEWS:
        answer = anonymous.get(url + view, allow_redirects=False)
        assert (answer.status_code, answer.headers["Location"]) == (303, "/login"), view
    assert anonymous.post(f"{url}/unanswered/export", data={"days": "7"}).status_code == 401
    login = anonymous.get(f"{url}/login")
    assert login.status_code == 200 and 'type="password"' in login.text
    assert "滞纳金" not in login.text


def test_a_wrong_password_is_refused(url: str) -> None:
    anonymous = requests.Session()
    token = csrf_token(anonymous.get(f"{url}/login").text)
    answer = anonymous.post(
        f"{url}/login", data={"csrf": token, "password": PASSWORD + "x"}, allow_redirects=False
    )
    assert answer.status_code == 401 and "密码不对" in answer.text
    assert anonymous.get(f"{url}/", allow_redirects=False).status_code == 303


def test_signing_in_gives_a_new_http_only_strict_session_cookie(url: str) -> None:
    client = requests.Session()
    login_page = client.get(f"{url}/login")
    before = client.cookies["console_session"]
    answer = client.post(
        f"{url}/login",
        data={"csrf": csrf_token(login_page.text), "password": PASSWORD},
        allow_redirects=False,
    )
    assert (answer.status_code, answer.headers["Location"]) == (303, "/")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert client.cookies["console_session"] != before
    assert client.get(f"{url}/", allow_redirects=False).status_code == 200
    token = csrf_token(client.get(f"{url}/").text)
    assert client.post(f"{url}/logout", data={"csrf": token}, allow_redirects=False).ok
    assert client.get(f"{url}/", allow_redirects=False).status_code == 303


def test_a_post_without_the_sessions_csrf_token_is_refused(url: str, client, prepared) -> None:
    fields = {"days": "7", "group": pension_group(prepared["db"]), "name": "ask_pension_refund"}
    another_sessions = csrf_token(signed_in(url).get(f"{url}/").text)
    for token in (None, "", "forged", another_sessions):
        answer = client.post(f"{url}/unanswered/export", data={**fields, "csrf": token})
        assert answer.status_code == 403 and "CSRF" in answer.text, token
    anonymous = requests.Session()
    anonymous.get(f"{url}/login")
    assert anonymous.post(f"{url}/login", data={"password": PASSWORD}).status_code == 403


def test_pages_are_not_cached_framed_or_scriptable_from_outside(url: str, client) -> None:
    headers = client.get(f"{url}/").headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_what_users_typed_is_shown_as_text(url: str, client, records: Records) -> None:
    unanswered = client.get(f"{url}/unanswered?days=7").text
    assert ESCAPED_SCRIPT in unanswered and SCRIPT not in unanswered
    assert PENSION_QUESTIONS[0] in unanswered
    bad = client.get(f"{url}/ratings/late_fee").text
    assert ESCAPED_SCRIPT in bad and "&lt;b&gt;看不懂&lt;/b&gt;" in bad and SCRIPT not in bad


def test_the_export_is_yaml_with_the_intent_and_the_examples(url: str, client, prepared) -> None:
    group = pension_group(prepared["db"])
    answer = export(client, url, group=group, name="ask_pension_refund", download="1")
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/plain")
    assert 'filename="nlu-ask_pension_refund.yml"' in answer.headers["Content-Disposition"]
    nlu = yaml.safe_load(answer.text)
    assert nlu["version"] == "3.1"
    [entry] = nlu["nlu"]
    assert entry["intent"] == "ask_pension_refund"
    examples = [line.removeprefix("- ") for line in entry["examples"].splitlines()]
    assert set(examples) == set(PENSION_QUESTIONS)

    shown = export(client, url, group=group, name="ask_pension_refund")
    assert shown.status_code == 200 and "<pre" in shown.text and "ask_pension_refund" in shown.text

    evaluation = export(client, url, group=group, name="pension_refund", format="eval")
    shown_yaml = evaluation.text.split('<pre id="snippet">')[1].split("</pre>")[0]
    entries = yaml.safe_load(html.unescape(shown_yaml))
    assert {entry["topic"] for entry in entries} == {"pension_refund"}
    assert {entry["ask"] for entry in entries} == set(PENSION_QUESTIONS)


def test_the_views_show_the_records(url: str, client, records: Records, kb) -> None:
    overview = client.get(f"{url}/").text
    assert 'id="chart-data"' in overview and "chart-messages" in overview
    ratings = client.get(f"{url}/ratings").text
    # The worst topic first, by its knowledge base title.
    assert ratings.index("欠缴社保的滞纳金是多少") < ratings.index("职工养老保险换城市怎么转")
    assert "不准确 1" in ratings and "看不懂 1" in ratings
    kept = client.get(f"{url}/conversation/{records.conversation_kept}").text
    assert "按日加收万分之五" in kept and "滞纳金算错了" in kept
    gone = client.get(f"{url}/conversation/{records.conversation_gone}").text
    assert "这段对话已经不在了" in gone
    knowledge = client.get(f"{url}/knowledge").text
    assert "没人问过的主题" in knowledge and "单位不交社保去哪里投诉" in knowledge
    by_checked = knowledge.split("核对日期")[1]
    oldest, newest = (f(kb.topics.values(), key=lambda t: (t.checked, t.id)) for f in (min, max))
    assert by_checked.index(oldest.title.zh) < by_checked.index(newest.title.zh)
    assert oldest.checked.isoformat() in by_checked


@pytest.mark.parametrize(
    "path, status, reason",
    [
        ("/?days=abc", 400, "days 只能是 7 或 30"),
        ("/unanswered?days=365", 400, "days 只能是 7 或 30"),
        ("/ratings/no_such_topic", 404, "没有主题"),
        ("/ratings/%3Cscript%3E", 404, "没有主题 “&lt;script&gt;”"),
        ("/conversation/abc", 400, "评价编号应是数字"),
        ("/conversation/999999", 404, "没有编号为 999999 的评价"),
        ("/no-such-page", 404, "not found"),
    ],
)
def test_a_wrong_parameter_is_refused_with_the_reason(
    url: str, client, path: str, status: int, reason: str
) -> None:
    answer = client.get(url + path)
    assert answer.status_code == status and reason in answer.text


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"name": "Not An Intent"}, "无法导出"),
        ({"name": "no_such_topic", "format": "eval"}, "知识库里没有主题"),
        ({"name": "ask_x", "format": "json"}, "未知的导出格式"),
        ({"name": "ask_x", "group": None}, "请至少勾选一组问题"),
        ({"name": "ask_x", "group": "0123456789abcdef"}, "请刷新页面后重选"),
    ],
)
def test_a_wrong_export_is_refused_with_the_reason(
    url: str, client, prepared, fields: Dict[str, str | None], reason: str
) -> None:
    answer = export(client, url, **{"group": pension_group(prepared["db"]), **fields})
    assert answer.status_code == 400 and reason in answer.text


def test_an_empty_database_gives_empty_pages_not_errors(prepared) -> None:
    url = str(prepared["empty_url"])
    client = signed_in(url)
    for view, empty in [
        ("/", "还没有人提问"),
        ("/unanswered?days=30", "没有机器人答不上来的问题"),
        ("/ratings", "还没有人评价过回答"),
        ("/ratings/late_fee", "还没有“没帮助”的评价"),
        ("/knowledge", "没人问过的主题（"),
    ]:
        answer = client.get(url + view)
        assert answer.status_code == 200 and empty in answer.text, view
    assert client.get(f"{url}/conversation/1").status_code == 404
