"""Peak resident memory of a server, sampled with psutil over its whole process tree."""

from __future__ import annotations

import threading

import psutil

SAMPLE_INTERVAL_SECONDS = 0.2


class PeakMemory:
    """Samples a process and its children in a thread until stopped; keeps the peak RSS.

    The tree, not just the process: a server that forks workers would otherwise look small.
    """

    def __init__(self, pid: int) -> None:
        self._process = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak_bytes = 0

    def start(self) -> PeakMemory:
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_bytes

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self._process, *self._process.children(recursive=True)]
                total = 0
                for process in tree:
                    try:
                        total += process.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
            except psutil.NoSuchProcess:
                return
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(SAMPLE_INTERVAL_SECONDS)
