"""The console's pages: overview, unanswered questions (and their export), ratings, knowledge.

Each view reads through `insights.queries` and the knowledge base held by the app
(`request.app.ctx`); sign-in and the CSRF check happen before any of them runs (console/app.py).
A parameter that cannot be right (days=abc, an unknown topic, a rating id that is not a number)
is refused with 400 or 404 and the reason, never a server error.
"""

from __future__ import annotations

import datetime
from typing import Dict, List

from sanic import response
from sanic.exceptions import InvalidUsage, NotFound
from sanic.request import Request

from console.charts import overview_charts, percent
from console.pages import page
from insights import export, queries
from social_insurance import KnowledgeBase

DAYS_CHOICES = (7, 30)
EXPORT_FORMATS = {"nlu": "训练数据（data/nlu）", "eval": "评测问题（tests/eval）"}


def days_param(value: str | None, default: int) -> int:
    if value is None:
        return default
    if value not in {str(days) for days in DAYS_CHOICES}:
        choices = " 或 ".join(str(days) for days in DAYS_CHOICES)
        raise InvalidUsage(f"days 只能是 {choices}（收到的是 “{value}”）")
    return int(value)


def topic_titles(kb: KnowledgeBase) -> Dict[str, str]:
    return {topic.id: topic.title.zh for topic in kb.topics.values()}


async def overview(request: Request) -> response.HTTPResponse:
    days = days_param(request.args.get("days"), default=30)
    rows = queries.daily(request.app.ctx.engine, days)
    charts = overview_charts(rows)
    messages = sum(outcome["total"] for outcome in charts["outcomes"])
    rated = sum(row.rated for row in rows)
    summary = {
        "messages": messages,
        "shares": {
            outcome["label"]: percent(outcome["total"], messages) for outcome in charts["outcomes"]
        },
        "rated": rated,
        "helpful": percent(sum(row.helpful for row in rows), rated),
    }
    return page(
        request,
        "overview.html",
        days=days,
        days_choices=DAYS_CHOICES,
        charts=charts if messages or rated else None,
        summary=summary,
    )


async def unanswered(request: Request) -> response.HTTPResponse:
    days = days_param(request.args.get("days"), default=7)
    groups = queries.unanswered_groups(request.app.ctx.engine, days)
    return page(
        request,
        "unanswered.html",
        days=days,
        days_choices=DAYS_CHOICES,
        groups=groups,
        formats=EXPORT_FORMATS,
        topics=sorted(request.app.ctx.kb.topics),
    )


async def export_unanswered(request: Request) -> response.HTTPResponse:
    """The chosen groups' examples as YAML to paste into data/nlu/ or tests/eval/: shown on a
    page, or (with `download`) as the file itself."""
    form = request.form
    days = days_param(form.get("days"), default=7)
    kind = form.get("format", "nlu")
    name = (form.get("name") or "").strip()
    chosen = form.getlist("group") or []
    if kind not in EXPORT_FORMATS:
        raise InvalidUsage(f"未知的导出格式 “{kind}”")
    if not chosen:
        raise InvalidUsage("请至少勾选一组问题")
    if kind == "eval" and name not in request.app.ctx.kb.topics:
        raise InvalidUsage(f"知识库里没有主题 “{name}”")
    groups = [
        group
        for group in queries.unanswered_groups(request.app.ctx.engine, days)
        if group.key in chosen
    ]
    if len(groups) != len(set(chosen)):
        raise InvalidUsage(f"所选的问题组已不在最近 {days} 天的记录里，请刷新页面后重选")
    examples = list(dict.fromkeys(text for group in groups for text in group.examples))
    write = export.nlu_yaml if kind == "nlu" else export.eval_yaml
    try:
        snippet = write(name, examples)
    except ValueError as error:  # a name unlike an intent's, or no example left
        raise InvalidUsage(f"无法导出：{error}") from error
    if form.get("download"):
        return response.text(
            snippet,
            headers={"Content-Disposition": f'attachment; filename="{kind}-{name}.yml"'},
        )
    return page(
        request,
        "export.html",
        days=days,
        kind=kind,
        kind_label=EXPORT_FORMATS[kind],
        name=name,
        chosen=chosen,
        snippet=snippet,
    )


async def ratings(request: Request) -> response.HTTPResponse:
    return page(
        request,
        "ratings.html",
        rows=queries.topic_ratings(request.app.ctx.engine),
        titles=topic_titles(request.app.ctx.kb),
    )


async def topic_ratings(request: Request, topic: str) -> response.HTTPResponse:
    engine = request.app.ctx.engine
    titles = topic_titles(request.app.ctx.kb)
    # A topic since removed from the knowledge base keeps its ratings, and they can be read.
    if topic not in titles and all(row.topic != topic for row in queries.topic_ratings(engine)):
        raise NotFound(f"没有主题 “{topic}”：知识库里没有，也没有人评价过")
    return page(
        request,
        "topic.html",
        topic=topic,
        title=titles.get(topic),
        rows=queries.bad_ratings(engine, topic),
    )


async def conversation(request: Request, rating_id: str) -> response.HTTPResponse:
    if not (rating_id.isascii() and rating_id.isdigit()):
        raise InvalidUsage(f"评价编号应是数字（收到的是 “{rating_id}”）")
    engine = request.app.ctx.engine
    rating = queries.rating(engine, int(rating_id))
    if rating is None:
        raise NotFound(f"没有编号为 {rating_id} 的评价")
    return page(
        request,
        "conversation.html",
        rating=rating,
        title=topic_titles(request.app.ctx.kb).get(rating.topic),
        lines=queries.conversation_around(engine, rating),
    )


async def knowledge(request: Request) -> response.HTTPResponse:
    engine = request.app.ctx.engine
    topics = list(request.app.ctx.kb.topics.values())
    asked = queries.topic_counts(engine)
    rated = {row.topic: row.count for row in queries.topic_ratings(engine)}
    today = datetime.date.today()
    by_checked: List[Dict[str, object]] = [
        {
            "topic": topic,
            "age": (today - topic.checked).days,
            "asked": asked.get(topic.id, 0),
            "rated": rated.get(topic.id, 0),
        }
        for topic in sorted(topics, key=lambda topic: (topic.checked, topic.id))
    ]
    return page(
        request,
        "knowledge.html",
        never_asked=[topic for topic in topics if not asked.get(topic.id)],
        unrated=[topic for topic in topics if topic.id not in rated],
        by_checked=by_checked,
    )
