"""Fail the build when intent accuracy on the held-out NLU set drops below a threshold.

Usage: python scripts/check_nlu_accuracy.py results/nlu/intent_report.json 0.90
"""

from __future__ import annotations

import json
import sys


def main(report_path: str, threshold: str) -> int:
    with open(report_path, encoding="utf-8") as report_file:
        report = json.load(report_file)
    accuracy = report["accuracy"]
    misses = {
        intent: scores
        for intent, scores in report.items()
        if isinstance(scores, dict) and "confused_with" in scores and scores["confused_with"]
    }
    for intent, scores in sorted(misses.items()):
        print(f"  {intent}: confused with {scores['confused_with']}")
    verdict = "OK" if accuracy >= float(threshold) else "FAIL"
    print(f"held-out intent accuracy {accuracy:.3f} (minimum {threshold}): {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
