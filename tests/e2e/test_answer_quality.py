"""Answer quality over REST: each question's reply must state its facts and avoid known traps.

tests/eval/questions.yml holds the questions, the facts (regular expressions) each answer must
contain and the wrong facts it must not ("0.5%" for the late fee, "1 10%"). Prints the pass rate
per topic; fails below 95% overall. `make eval` runs just this against a fresh bot, or against a
running one with RASA_URL=http://localhost:5005.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import yaml

from tests.e2e.conftest import new_conversation

QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "questions.yml"
MINIMUM_PASS_RATE = 0.95


def check(question: Dict, reply_text: str) -> List[str]:
    problems = [f"missing /{p}/" for p in question.get("must", []) if not re.search(p, reply_text)]
    problems += [
        f"contains /{p}/" for p in question.get("must_not", []) if re.search(p, reply_text)
    ]
    return problems


def test_answer_quality(rasa_url):
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    results: Dict[str, List[bool]] = defaultdict(list)
    failures = []
    for question in questions:
        say = new_conversation(rasa_url)
        for message in question.get("setup", []):
            say(message)
        reply = "\n".join(m.get("text", "") for m in say(question["ask"]))
        problems = check(question, reply)
        results[question["topic"]].append(not problems)
        if problems:
            failures.append(f"[{question['topic']}] {question['ask']!r}: {'; '.join(problems)}")

    print("\nAnswer quality per topic:")
    for topic, passed in sorted(results.items()):
        print(f"  {topic:<28} {sum(passed):>3}/{len(passed):<3} {sum(passed) / len(passed):6.1%}")
    total = [ok for passed in results.values() for ok in passed]
    rate = sum(total) / len(total)
    print(f"  {'TOTAL':<28} {sum(total):>3}/{len(total):<3} {rate:6.1%}")
    for failure in failures:
        print("  FAIL", failure)
    assert rate >= MINIMUM_PASS_RATE, f"{rate:.1%} of answers correct, minimum 95%"
