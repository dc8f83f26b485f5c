"""HTML pages from the templates in console/templates/, with every value escaped.

Autoescaping is on for every template, so whatever a user typed (a question, a comment) is shown
as text; chart data goes into the page through `tojson`, which escapes `<` and `&` as well, in a
`<script type="application/json">` block that the static script reads (the Content-Security-Policy
allows no inline script).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import jinja2
from sanic import response
from sanic.request import Request

from console.auth import Session
from insights.queries import DAY_ZONE

TEMPLATES = Path(__file__).resolve().parent / "templates"

REASON_LABELS = {
    "inaccurate": "不准确",
    "incomplete": "不完整",
    "unclear": "看不懂",
    "other": "其他",
}

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def reason_label(reason: str | None) -> str:
    return REASON_LABELS.get(reason, reason) if reason else "未说明"


def when(moment: datetime.datetime) -> str:
    """A record's time to the minute, in China's time (the days of the charts are China's)."""
    return moment.astimezone(DAY_ZONE).strftime("%Y-%m-%d %H:%M")


environment.filters["reason_label"] = reason_label
environment.filters["when"] = when


def page(
    request: Request, template: str, status: int = 200, **context: Any
) -> response.HTTPResponse:
    """`template` rendered for this request; the navigation shows only to a signed-in session."""
    session: Session | None = getattr(request.ctx, "session", None)
    body = environment.get_template(template).render(
        signed_in=session is not None and session.signed_in,
        csrf=session.csrf if session is not None else "",
        path=request.path,
        **context,
    )
    return response.html(body, status=status)
