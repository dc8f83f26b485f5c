"""Answer quality over REST: each question's reply must state its facts and avoid known traps.

tests/eval/*.yml hold the questions, the facts (regular expressions) each answer must contain
and the wrong facts it must not ("0.5%" for the late fee, "1 10%"). Prints the pass rate per
topic; fails below 95% overall. tests/eval/traps.yml holds questions that name one insurance
where the NLU could pick another's topic: every one of those must pass. `make eval` runs this
against a fresh bot, or against a running one with RASA_URL=http://localhost:5005.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import yaml

from tests.e2e.conftest import new_conversation

EVAL = Path(__file__).resolve().parent.parent / "eval"
TRAPS = EVAL / "traps.yml"
MINIMUM_PASS_RATE = 0.95


def load(*paths: Path) -> List[Dict]:
    return [q for p in paths for q in yaml.safe_load(p.read_text(encoding="utf-8"))["questions"]]


def check(question: Dict, reply_text: str) -> List[str]:
    problems = [f"missing /{p}/" for p in question.get("must", []) if not re.search(p, reply_text)]
    problems += [
        f"contains /{p}/" for p in question.get("must_not", []) if re.search(p, reply_text)
    ]
    return problems


def test_answer_quality(rasa_url):
    rate = run(rasa_url, load(*sorted(set(EVAL.glob("*.yml")) - {TRAPS})))
    assert rate >= MINIMUM_PASS_RATE, f"{rate:.1%} of answers correct, minimum 95%"


def test_no_answer_about_another_insurance(rasa_url):
    rate = run(rasa_url, load(TRAPS))
    assert rate == 1.0, f"{rate:.1%} of the traps avoided; every one must be"


def run(rasa_url: str, questions: List[Dict]) -> float:
    """Ask every question in a new conversation; print the pass rate per topic and failures."""
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
    return rate
