"""List the questions the bot could not answer, most frequent first.

Usage: python scripts/report_unanswered.py [var/unanswered.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def normalise(text: str) -> str:
    """Group messages that differ only in case, spacing or trailing punctuation."""
    return " ".join(text.lower().split()).rstrip("?？!！。.")


def main(path: Path) -> int:
    if not path.exists():
        print(f"{path}: no unanswered questions recorded yet")
        return 0
    counts: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        counts[(normalise(record["text"]), record["intent"])] += 1
    print(f"{sum(counts.values())} unanswered messages, {len(counts)} distinct\n")
    print(f"{'count':>5}  {'intent':<13} text")
    for (text, intent), count in counts.most_common():
        print(f"{count:>5}  {intent:<13} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/unanswered.jsonl")))
