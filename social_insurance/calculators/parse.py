"""Read amounts, periods and dates from what users type.

"1万", "8k", "一万五", "12,000元"; "三年半", "3年7个月", "90天"; "2024年3月1日", "去年5月", "85年";
"March 2024", "3 years 7 months". Chinese numerals become digits with cn2an, Chinese times are
read by jionlp and English ones by dateparser; what is left here is the units of money.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Iterable, List, Literal

import cn2an
from dateparser.search import search_dates
from dateutil.relativedelta import relativedelta

from social_insurance.digits import ascii_digits
from social_insurance.language import detect_language

with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints an advertisement on import
    import jionlp


@dataclass(frozen=True)
class TimeMention:
    """A time in the message: a day or a stretch of days, or a length ("3年7个月")."""

    text: str
    start: int
    end: int
    kind: Literal["point", "span", "length"]
    first: date | None = None  # points and spans
    last: date | None = None
    length: relativedelta | None = None  # lengths

    @property
    def exact_day(self) -> bool:
        return self.kind == "point" and self.first == self.last

    @property
    def whole_year(self) -> bool:
        return (
            self.first is not None
            and self.last is not None
            and (self.first.month, self.first.day, self.last.month, self.last.day) == (1, 1, 12, 31)
            and self.first.year == self.last.year
        )

    @property
    def names_year(self) -> bool:
        return bool(re.search(r"年|\d{4}|'\d\d", self.text)) or "去年" in self.text


@dataclass(frozen=True)
class MoneyMention:
    amount: Decimal
    with_unit: bool  # "8000元", "1万", "8k": money even when the bot asked something else


def time_mentions(text: str, today: date) -> List[TimeMention]:
    text = ascii_digits(text)
    if detect_language(text) == "zh":
        return _chinese_times(text, today)
    return _english_times(text, today)


def _chinese_times(text: str, today: date) -> List[TimeMention]:
    base = time.mktime(datetime.combine(today, datetime.min.time()).timetuple())
    found = []
    try:
        entries = jionlp.ner.extract_time(text, time_base=base, with_parsing=True)
    except Exception:  # noqa: BLE001 - jionlp raises bare exceptions on odd input
        return []
    for entry in entries:
        start, end = entry["offset"]
        detail = entry["detail"]
        if detail["type"] == "time_delta":
            parts = detail["time"]
            if not isinstance(parts, dict):
                continue  # a range of lengths ("三到五年"): too vague to compute with
            length = _length(parts)
            if length is not None:
                found.append(TimeMention(entry["text"], start, end, "length", length=length))
        elif detail["type"] in ("time_point", "time_span") and isinstance(detail["time"], list):
            first, last = (_day(value) for value in detail["time"][:2])
            kind: Literal["point", "span"] = "point"
            if detail["type"] == "time_span" and first != last:
                # "从去年5月开始" runs to today; "2019.3-2024.10" is a stretch of service.
                kind = "span"
            if first.month == last.month and first.year == last.year and first != last:
                kind = "point"  # a month ("2024年3月"): a point in time, to the month
            found.append(TimeMention(entry["text"], start, end, kind, first, last))
    return found


def _length(parts: dict) -> relativedelta | None:
    years = float(parts.get("year", 0))
    months = float(parts.get("month", 0)) + 12 * (years - int(years))
    days = float(parts.get("day", 0))
    if not (years or months or days):
        return None
    return relativedelta(years=int(years), months=round(months), days=round(days))


def _day(value: str) -> date:
    return datetime.strptime(value[:10], "%Y-%m-%d").date()


# A length is a count of units, not a date: "3 years 7 months", "60 days", "3.5 years".
_UNIT = r"\d+(?:\.\d+)?\s*(?:day|week|month|year)s?\b"
_ENGLISH_LENGTH = re.compile(rf"{_UNIT}(?:\s*(?:and\s+|,\s*)?{_UNIT})*", re.IGNORECASE)
_ENGLISH_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(day|week|month|year)s?\b", re.IGNORECASE)


def _english_length(matched: str) -> relativedelta | None:
    parts = {"year": 0.0, "month": 0.0, "day": 0.0}
    for number, unit in _ENGLISH_UNIT.findall(matched):
        unit = unit.lower()
        if unit == "week":
            parts["day"] += 7 * float(number)
        else:
            parts[unit] += float(number)
    return _length(parts)


def _english_times(text: str, today: date) -> List[TimeMention]:
    """Lengths from their numbers and units; dates ("March 2024", "5 May 2025") by dateparser."""
    found = []
    for match in _ENGLISH_LENGTH.finditer(text):
        length = _english_length(match.group())
        if length is not None:
            found.append(
                TimeMention(match.group(), match.start(), match.end(), "length", length=length)
            )
    # What is left for dateparser: the lengths blanked out, so "3.5 years" is not read as a date.
    rest = _ENGLISH_LENGTH.sub(lambda m: " " * len(m.group()), text)
    settings = {
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser warns about pytz's tz names
        results = search_dates(rest, languages=["en"], settings=settings) or []
    position = 0
    for matched, moment in results:
        start = rest.find(matched, position)
        end = start + len(matched)
        position = max(position, end)
        day = moment.date()
        has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", re.sub(r"\d{4}", "", matched)))
        last = day if has_day else day + relativedelta(months=1) - timedelta(days=1)
        if re.fullmatch(r"\D*\d{4}\D*", matched) and not re.search(r"[A-Za-z]{3}", matched):
            day, last = date(day.year, 1, 1), date(day.year, 12, 31)  # "born 1985": the year
        found.append(TimeMention(matched, start, end, "point", day, last))
    return sorted(found, key=lambda mention: mention.start)


# A number, then 万 / 千 / k and perhaps one more digit ("1万5" is 15,000), then a currency.
_MONEY = re.compile(
    r"(?P<prefix>[¥￥$])?\s*(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?:(?P<scale>万|w|W|千|k|K|thousand)(?P<tail>\d(?!\d))?)?\s*"
    r"(?P<unit>元|块|rmb|RMB|yuan|Yuan|CNY)?"
)
_SCALES = {"万": 10000, "w": 10000, "W": 10000, "千": 1000, "k": 1000, "K": 1000, "thousand": 1000}


def money_mentions(text: str, skip: Iterable[TimeMention] = ()) -> List[MoneyMention]:
    """The amounts in `text`, leaving out the parts that are times ("三个月", "2024年")."""
    text = ascii_digits(text)
    for mention in sorted(skip, key=lambda m: m.start, reverse=True):
        text = text[: mention.start] + " " + text[mention.end :]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns about "1万", which it leaves as it is
        text = cn2an.transform(text, "cn2an")
    found = []
    for match in _MONEY.finditer(text):
        amount = Decimal(match["number"].replace(",", ""))
        scale = match["scale"]
        if scale:
            amount *= _SCALES[scale]
            if match["tail"]:
                amount += Decimal(match["tail"]) * _SCALES[scale] / 10
        with_unit = bool(scale or match["unit"] or match["prefix"])
        found.append(MoneyMention(amount, with_unit))
    return found


def bare_number(text: str) -> Decimal | None:
    """The message is a number and nothing else ("7", "3.5", "九十"): the answer to a question
    that asked for one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = cn2an.transform(ascii_digits(text).strip(" 。.!！?？"), "cn2an")
    try:
        return Decimal(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None
    except ArithmeticError:
        return None


def contains_any(text: str, words: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(word.lower() in lowered for word in words)
