"""The overview's three charts as data: what console/static/console.js hands to Chart.js.

Computed here rather than in the browser so the numbers are tested with the rest of the
console's Python and the script only draws: messages per day by outcome (stacked), each outcome's
share of the period, and the share of ratings per day that said "helpful" (no point on a day
without ratings, rather than a misleading 0%).
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from insights.queries import Day

OUTCOMES = {"answered": "已回答", "clarified": "追问澄清", "fallback": "未能回答"}


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def overview_charts(days: Sequence[Day]) -> Dict[str, Any]:
    ordered = sorted(days, key=lambda day: day.day)
    counts: Dict[str, List[int]] = {
        outcome: [getattr(day, outcome) for day in ordered] for outcome in OUTCOMES
    }
    return {
        "labels": [day.day.strftime("%m-%d") for day in ordered],
        "outcomes": [
            {
                "key": outcome,
                "label": label,
                "counts": counts[outcome],
                "total": sum(counts[outcome]),
            }
            for outcome, label in OUTCOMES.items()
        ],
        "helpful_rate": [percent(day.helpful, day.rated) for day in ordered],
    }
