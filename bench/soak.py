"""`make soak`: hours of use in miniature, against `make run` itself (scripts/run.sh).

For `--minutes` (default 30): 32 people each holding one conversation for the whole run, in
Chinese and English, one message in five hostile (harness/hostile_inputs.py), one message
every 2.2 s as a quick typist does; and one client flooding 50 requests a second. Every 30 s
the resident memory of each process supervisord runs is sampled. Writes results/soak.md,
results/soak.json and results/soak.png: errors, latency, the flooder's share of 429s, and
each process's memory growth from minute 5 (start-up and first-use costs are over by then).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List

import matplotlib
import psutil

from bench.report import machine
from harness import servers, traffic
from harness.hostile_inputs import fuzz_messages
from harness.servers import PROJECT_ROOT, Server

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

RASA_PORT, ACTION_PORT, WEB_PORT = 20205, 20255, 20207
URL = f"http://127.0.0.1:{RASA_PORT}"
USERS = 32
PAUSE_SECONDS = 2.2  # under the default limit of 10 messages in 20 s per sender
HOSTILE_EVERY = 5
FLOOD_PER_SECOND = 50
FLOOD_ADDRESS = "127.0.0.2"
SAMPLE_SECONDS = 30.0
SETTLED_MINUTES = 5.0
GROWTH_MAX = 0.05  # issue 13: under 5% from minute 5 to the end
MB = 1024**2
TURNS = {
    "zh": [
        "单位不给我交社保怎么办",
        "需要带什么材料",
        "法律依据是什么",
        "医保可以补缴吗",
        "职工医保",
    ],
    "en": [
        "My employer does not pay my social insurance",
        "What documents do I need?",
        "What is the legal basis?",
        "Can I back-pay my medical insurance?",
        "employee medical insurance",
    ],
}
# What supervisord runs, told apart by a word of each command line.
PROCESSES = {"Rasa server": "--model", "action server": "run actions", "web page": "serve_web.py"}


@dataclass
class Soak:
    minutes: float
    started: str
    seconds: List[float] = field(default_factory=list)
    rss: Dict[str, List[int]] = field(default_factory=lambda: {name: [] for name in PROCESSES})
    messages: int = 0
    hostile: int = 0
    errors: int = 0  # normal messages not answered
    hostile_errors: int = 0  # hostile messages answered with a 5xx or not at all
    latencies_ms: List[float] = field(default_factory=list)
    flood_sent: int = 0
    flood_refused: int = 0

    def growth(self, name: str) -> float:
        """RSS at the end over RSS at minute 5, minus one."""
        samples = self.rss[name]
        settled = next(
            (r for t, r in zip(self.seconds, samples, strict=True) if t >= SETTLED_MINUTES * 60),
            samples[0],
        )
        return samples[-1] / settled - 1

    def settled_mb(self, name: str) -> float:
        return self.rss[name][-1] / (1 + self.growth(name)) / MB

    def percentile_ms(self, n: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[n - 1]


def user_turns(number: int) -> List[str]:
    """One person's messages: a language of their own, every fifth one hostile."""
    turns = itertools.cycle(TURNS["en" if number % 2 else "zh"])
    hostile = fuzz_messages(200, seed=number)
    return [
        next(hostile) if i % HOSTILE_EVERY == HOSTILE_EVERY - 1 else next(turns) for i in range(200)
    ]


def rss_by_process(run_sh: Server) -> Dict[str, int]:
    processes = psutil.Process(run_sh.pid).children(recursive=True)
    return {
        name: sum(p.memory_info().rss for p in processes if word in " ".join(p.cmdline()))
        for name, word in PROCESSES.items()
    }


async def drive(soak: Soak, run_sh: Server) -> None:
    seconds = soak.minutes * 60

    # Made before the clock starts: generating them takes seconds, which would stall the loop.
    turns = [user_turns(n) for n in range(USERS)]

    async def person(n: int) -> List[traffic.Outcome]:
        # Staggered starts: people do not all press Enter in the same instant.
        offset = n * PAUSE_SECONDS / USERS
        await asyncio.sleep(offset)
        address = traffic.user_address(n)
        return await traffic.talk(
            URL, f"soak-{n}", turns[n], seconds - offset, PAUSE_SECONDS, address
        )

    people = [person(n) for n in range(USERS)]
    flood = traffic.flood(
        URL, "soak-flood", "医保可以补缴吗", FLOOD_PER_SECOND, seconds, FLOOD_ADDRESS
    )

    async def sample() -> None:
        begun = time.monotonic()
        while (elapsed := time.monotonic() - begun) < seconds:
            soak.seconds.append(elapsed)
            for name, rss in rss_by_process(run_sh).items():
                soak.rss[name].append(rss)
            await asyncio.sleep(SAMPLE_SECONDS)

    sampler = asyncio.ensure_future(sample())
    *talks, flooded = await asyncio.gather(*people, flood)
    await sampler
    hostile_texts = {t for person_turns in turns for t in person_turns} - {
        t for language_turns in TURNS.values() for t in language_turns
    }
    for outcome in itertools.chain.from_iterable(talks):
        soak.messages += 1
        if outcome.text in hostile_texts:
            soak.hostile += 1
            soak.hostile_errors += 0 if 0 < outcome.status < 500 else 1
        else:
            soak.errors += 0 if outcome.answered else 1
            soak.latencies_ms.append(outcome.latency_ms)
    soak.flood_sent = len(flooded)
    soak.flood_refused = sum(o.status == 429 for o in flooded)


def run(minutes: float) -> Soak:
    soak = Soak(minutes, time.strftime("%Y-%m-%d %H:%M %Z"))
    with tempfile.TemporaryDirectory(prefix="soak-") as work:
        run_sh = servers.run_sh("soak-run-sh", (RASA_PORT, ACTION_PORT, WEB_PORT), Path(work))
        try:
            run_sh.start()
            run_sh.wait_ready()
            asyncio.run(drive(soak, run_sh))
        finally:
            run_sh.stop()
    return soak


def markdown(soak: Soak) -> str:
    def verdict(ok: bool) -> str:
        return "✅ met" if ok else "❌ not met"

    memory_rows = [
        f"| {name} RSS, minute 5 → end | {soak.settled_mb(name):.0f} → "
        f"{soak.rss[name][-1] / MB:.0f} MB ({soak.growth(name):+.1%}) "
        f"| {verdict(soak.growth(name) < GROWTH_MAX)} |"
        for name in PROCESSES
    ]
    share = soak.flood_refused / soak.flood_sent if soak.flood_sent else 0.0
    return "\n".join(
        [
            "# Soak: a long run of `make run`",
            "",
            f"Measured {soak.started} by `make soak` on {machine()}: {soak.minutes:.0f} minutes "
            f"against scripts/run.sh (supervisord, SQLite store, the default flood limits). "
            f"{USERS} people each holding one conversation for the whole run, half in Chinese "
            f"and half in English, one message every {PAUSE_SECONDS} s, one in {HOSTILE_EVERY} "
            f"hostile; one client flooding {FLOOD_PER_SECOND} requests a second.",
            "",
            "| | measured | |",
            "|---|---|---|",
            f"| people's messages | {soak.messages} ({soak.messages / soak.minutes / 60:.1f}/s), "
            f"{soak.hostile} of them hostile | |",
            f"| normal messages not answered | {soak.errors} | {verdict(soak.errors == 0)} |",
            f"| hostile messages answered with 5xx or not at all | {soak.hostile_errors} "
            f"| {verdict(soak.hostile_errors == 0)} |",
            f"| normal messages' latency p50 / p95 | {soak.percentile_ms(50):.0f} ms / "
            f"{soak.percentile_ms(95):.0f} ms | |",
            f"| flooder's requests refused with 429 | {soak.flood_refused} of {soak.flood_sent} "
            f"({share:.1%}) | |",
            *memory_rows,
            "",
            "![memory over time](soak.png)",
            "",
        ]
    )


def plot(soak: Soak, path: Path) -> None:
    figure, axis = plt.subplots(figsize=(9, 4))
    minutes = [t / 60 for t in soak.seconds]
    for name in PROCESSES:
        axis.plot(minutes, [r / MB for r in soak.rss[name]], label=name)
    axis.axvline(SETTLED_MINUTES, color="gray", linestyle=":", label="minute 5")
    axis.set_xlabel("minutes")
    axis.set_ylabel("resident memory (MB)")
    axis.set_ylim(bottom=0)
    axis.grid(alpha=0.3)
    axis.legend()
    axis.set_title(
        f"Soak of make run: {USERS} long conversations, 1 message in {HOSTILE_EVERY} hostile, "
        f"a {FLOOD_PER_SECOND}/s flood"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "results")
    args = parser.parse_args(argv)
    soak = run(args.minutes)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.md").write_text(markdown(soak), encoding="utf-8")
    (args.out / "soak.json").write_text(json.dumps(asdict(soak)))
    plot(soak, args.out / "soak.png")
    print(markdown(soak))


if __name__ == "__main__":
    main()
