"""Record the questions the bot could not answer, so the knowledge base grows where users need it.

Only the masked text, the intent and the language are kept: no sender id, no personal numbers.
`make report-unanswered` lists the records by frequency.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from social_insurance.privacy import mask_personal_data

DEFAULT_LOG = "var/unanswered.jsonl"


def record_unanswered(text: str, intent: str, language: str) -> None:
    masked, _ = mask_personal_data(text)
    record = {"time": int(time.time()), "intent": intent, "language": language, "text": masked}
    path = Path(os.environ.get("UNANSWERED_LOG", DEFAULT_LOG))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(record, ensure_ascii=False) + "\n")
