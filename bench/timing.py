"""The one timer the in-process benches share: the best of a few runs, after a warm-up."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_run(call: Callable[[], object], count: int, runs: int = 5) -> tuple[float, float]:
    """The best mean time of `runs` runs of `count` calls, in milliseconds per call, and the
    mean CPU time of this process in that run (the rest is waiting, for PostgreSQL mostly)."""
    for _ in range(300):
        call()
    best = (float("inf"), 0.0)
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(count):
            call()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        best = min(best, (wall / count * 1000, cpu / count * 1000))
    return best
