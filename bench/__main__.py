"""`python -m bench`: train and measure our bot and the stock `rasa init` bot in one run.

Writes results/bench.md, results/bench.json and results/bench.png. BENCH_SECONDS sets the load
per concurrency level (default 30). `--smoke` (make bench-smoke) is the short version for CI:
10 s per level, our existing model, the stock project kept in var/bench/stock, and the report
in results/bench-smoke.*.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import tempfile
import time
from pathlib import Path
from typing import List

from bench import bots, long_conversation
from bench.measure import measure
from bench.report import Run, markdown, plot
from harness.servers import MODEL, PROJECT_ROOT

# Loopback ports of this benchmark only, so it can run beside `make run` and the tests.
OUR_RASA_PORT, OUR_ACTION_PORT = 20005, 20055
STOCK_RASA_PORT, STOCK_ACTION_PORT = 20105, 20155
STOCK_CACHE = PROJECT_ROOT / "var" / "bench" / "stock"


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="10 s per level, reuse models")
    parser.add_argument("--seconds", type=float, help="load per level (default BENCH_SECONDS)")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument(
        "--long-users",
        type=int,
        nargs="*",
        default=[1, 8],
        help="users each holding one long conversation (none: skip that part)",
    )
    parser.add_argument("--long-messages", type=int, help="messages per long conversation")
    parser.add_argument(
        "--memory-tracker-store",
        action="store_true",
        help="keep our conversations in memory instead of SQLite, as the stock bot does",
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results")
    args = parser.parse_args(argv)
    seconds = args.seconds or float(os.environ.get("BENCH_SECONDS", 10 if args.smoke else 30))
    long_messages = args.long_messages or (50 if args.smoke else long_conversation.MESSAGES)
    started = time.strftime("%Y-%m-%d %H:%M %Z")

    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        work = Path(temporary)
        if args.smoke:
            ours = bots.ours(work / "ours", OUR_ACTION_PORT, MODEL, not args.memory_tracker_store)
            stock = bots.stock(STOCK_CACHE)
            retrain_needed = None
        else:
            print("Training our bot from scratch ...", flush=True)
            ours = bots.ours(work / "ours", OUR_ACTION_PORT, None, not args.memory_tracker_store)
            retrain_needed = bots.retrain_needed(work / "ours")
            print("Creating and training the stock bot (rasa init) ...", flush=True)
            stock = bots.stock(work / "stock")
        results = []
        for bot, rasa_port, action_port in (
            (ours, OUR_RASA_PORT, OUR_ACTION_PORT),
            (stock, STOCK_RASA_PORT, STOCK_ACTION_PORT),
        ):
            print(f"Measuring {bot.name}: users {args.users}, {seconds:.0f} s each ...", flush=True)
            results.append(
                measure(
                    bot, rasa_port, action_port, args.users, seconds, args.long_users, long_messages
                )
            )

    store = "in-memory" if args.memory_tracker_store else "SQLite"
    run = Run(results[0], results[1], seconds, retrain_needed, started, store)
    # The smoke run writes beside the full run's report, never over it.
    stem = args.out / ("bench-smoke" if args.smoke else "bench")
    args.out.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".md").write_text(markdown(run), encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(dataclasses.asdict(run), indent=2))
    plot(run, stem.with_suffix(".png"))
    print(f"Wrote {stem}.md and {stem}.png")


if __name__ == "__main__":
    main()
