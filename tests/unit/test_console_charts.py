"""The overview's chart data: counts per day by outcome, their totals, and the helpful rate."""

from __future__ import annotations

from datetime import date

from console.charts import overview_charts
from insights.queries import Day


def test_the_charts_count_each_outcome_per_day_and_leave_days_without_ratings_blank() -> None:
    days = [
        Day(date(2026, 3, 2), answered=4, clarified=1, fallback=0, rated=0, helpful=0),
        Day(date(2026, 3, 1), answered=2, clarified=0, fallback=3, rated=3, helpful=2),
    ]
    charts = overview_charts(days)
    assert charts["labels"] == ["03-01", "03-02"]
    assert [(o["key"], o["counts"], o["total"]) for o in charts["outcomes"]] == [
        ("answered", [2, 4], 6),
        ("clarified", [0, 1], 1),
        ("fallback", [3, 0], 3),
    ]
    assert charts["helpful_rate"] == [66.7, None]
