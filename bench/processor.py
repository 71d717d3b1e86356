"""Where a machine's processor time goes while a load tool drives a server: read from Linux's
`/proc`, per group of processes (a server's workers, the database server) and for the machine
as a whole, so that a bench can print each request's share of the cores beside its rate.

A process's time counts only while it lives: gunicorn's workers and PostgreSQL's connections
last the whole run, so a round's difference is theirs; a process that ends within the round
(a short-lived PostgreSQL worker) is missed. The load tool is a child of the bench, so its
time is read from the children's usage once it has been waited for (`children_seconds`).
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def available() -> bool:
    return (PROC / "stat").exists()


def seconds(pids: Iterable[int]) -> float:
    """The processor time (user and system) these processes have used, in seconds."""
    ticks = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / TICKS


def family(pid: int) -> list[int]:
    """A process and its children (a gunicorn master and its workers)."""
    return [pid, *(int(child) for child in _children(pid))]


def named(name: str) -> list[int]:
    """Every process of this name (PostgreSQL's server and its connections: `postgres`)."""
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def children_seconds() -> float:
    """The processor time of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine() -> tuple[float, float]:
    """(busy, all) seconds of every core since boot; differences tell how busy a span was."""
    fields = [int(value) for value in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICKS, sum(fields[:8]) / TICKS


def _children(pid: int) -> list[str]:
    listed = PROC / str(pid) / "task" / str(pid) / "children"
    if listed.exists():
        return listed.read_text().split()
    return [
        entry.name
        for entry in PROC.iterdir()
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and int(fields[1]) == pid
    ]


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the process's name (which may hold spaces and
    brackets), counted from its state: none for a process that has ended."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:  # ended since it was listed
        return []
    return stat[stat.rindex(")") + 2 :].split()
