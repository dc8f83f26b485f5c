"""The console's Sanic app: routes, sign-in, the CSRF check, and the headers every answer gets.

Without a signed-in session only the login page and the static files answer: a page asked for
redirects to /login, anything else is 401. Every POST must carry its session's CSRF token (403
otherwise), checked here once rather than in each view. Pages are never cached, may not be framed,
and run no script but the console's own files (Content-Security-Policy).
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from console import views
from console.auth import (
    COOKIE,
    SIGNED_IN_SECONDS,
    LoginThrottle,
    Session,
    Sessions,
    password_matches,
)
from console.pages import page
from social_insurance import KnowledgeBase

logger = logging.getLogger(__name__)

CONSOLE_DIR = Path(__file__).resolve().parent
STATIC_FILES = {
    "/static/console.css": CONSOLE_DIR / "static" / "console.css",
    "/static/console.js": CONSOLE_DIR / "static" / "console.js",
    "/static/favicon.svg": CONSOLE_DIR / "static" / "favicon.svg",
    # Chart.js as npm installed it from console/package-lock.json (make console-assets).
    "/static/chart.umd.js": CONSOLE_DIR / "node_modules" / "chart.js" / "dist" / "chart.umd.js",
}
PUBLIC_PATHS = {"/login", *STATIC_FILES}
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# A form is a few fields; nothing bigger is read.
MAX_REQUEST_BYTES = 64 * 1024


def create_app(
    engine: sa.engine.Engine, password: str, kb: KnowledgeBase, secure_cookie: bool = False
) -> Sanic:
    """The console over `engine`'s records and `kb`'s topics; `password` signs in.
    `secure_cookie`: the session cookie only over HTTPS (behind a TLS proxy)."""
    if not password:
        raise ValueError("the console needs a password")
    app = Sanic("console")
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    app.ctx.engine = engine
    app.ctx.kb = kb
    app.ctx.sessions = Sessions()
    app.ctx.throttle = LoginThrottle()

    for uri, path in STATIC_FILES.items():
        if path.is_file():
            app.static(uri, path, name=path.name.replace(".", "_"))
        else:
            logger.warning("%s is missing (make console-assets): the charts will not draw", path)

    def set_cookie(answer: response.HTTPResponse, session: Session) -> None:
        cookie = answer.cookies
        cookie[COOKIE] = session.token
        cookie[COOKIE]["httponly"] = True
        cookie[COOKIE]["samesite"] = "Strict"
        cookie[COOKIE]["secure"] = secure_cookie
        if session.signed_in:
            cookie[COOKIE]["max-age"] = SIGNED_IN_SECONDS

    @app.on_request
    async def sign_in_and_csrf(request: Request) -> response.HTTPResponse | None:
        session = app.ctx.sessions.get(request.cookies.get(COOKIE))
        request.ctx.session = session
        public = request.path in PUBLIC_PATHS
        if not public and (session is None or not session.signed_in):
            if request.method in ("GET", "HEAD"):
                return response.redirect("/login", status=303)
            return response.text("请先登录", status=401)
        if request.method == "POST" and (
            session is None or not session.csrf_matches(request.form.get("csrf"))
        ):
            return response.text(
                "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试", status=403
            )
        return None

    @app.on_response
    async def security_headers(request: Request, answer: response.HTTPResponse) -> None:
        answer.headers.update(SECURITY_HEADERS)
        static = request.path in STATIC_FILES and answer.status == 200
        answer.headers["Cache-Control"] = "no-cache" if static else "no-store"

    @app.exception(SanicException)
    async def error_page(request: Request, error: SanicException) -> response.HTTPResponse:
        status = getattr(error, "status_code", 500)
        return page(request, "error.html", status=status, status_code=status, reason=str(error))

    @app.get("/login")
    async def login_page(request: Request) -> response.HTTPResponse:
        session = request.ctx.session
        if session is not None and session.signed_in:
            return response.redirect("/", status=303)
        if session is None:
            session = request.ctx.session = app.ctx.sessions.begin(signed_in=False)
        answer = page(request, "login.html")
        set_cookie(answer, session)
        return answer

    @app.post("/login")
    async def login(request: Request) -> response.HTTPResponse:
        address = request.ip
        wait = app.ctx.throttle.retry_after(address)
        if wait:
            answer = page(
                request, "login.html", status=429, error=f"密码错误次数太多，请 {wait} 秒后再试"
            )
            answer.headers["Retry-After"] = str(wait)
            return answer
        if not password_matches(password, request.form.get("password") or ""):
            app.ctx.throttle.failed(address)
            return page(request, "login.html", status=401, error="密码不对")
        app.ctx.throttle.succeeded(address)
        app.ctx.sessions.end(request.ctx.session.token)
        answer = response.redirect("/", status=303)
        set_cookie(answer, app.ctx.sessions.begin(signed_in=True))
        return answer

    @app.post("/logout")
    async def logout(request: Request) -> response.HTTPResponse:
        app.ctx.sessions.end(request.ctx.session.token)
        answer = response.redirect("/login", status=303)
        del answer.cookies[COOKIE]
        return answer

    app.add_route(views.overview, "/", methods=["GET"])
    app.add_route(views.unanswered, "/unanswered", methods=["GET"])
    app.add_route(views.export_unanswered, "/unanswered/export", methods=["POST"])
    app.add_route(views.ratings, "/ratings", methods=["GET"])
    app.add_route(views.topic_ratings, "/ratings/<topic>", methods=["GET"], unquote=True)
    app.add_route(views.conversation, "/conversation/<rating_id>", methods=["GET"])
    app.add_route(views.knowledge, "/knowledge", methods=["GET"])
    return app
