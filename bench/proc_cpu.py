"""Processes' CPU time on this machine, read from /proc (Linux): for the bench's profiles of the
server and PostgreSQL, whose processes are not the bench's own."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def _stat(pid: str) -> tuple[str, list[str]] | None:
    """A process's name and its stat fields after the name (state, ppid, pgrp, ...)."""
    try:
        text = (Path("/proc") / pid / "stat").read_text()
    except OSError:
        return None
    name, _, rest = text.partition(" (")[2].rpartition(")")
    return name, rest.split()


def _seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU of one process (None if it cannot be read)."""
    found = _stat(str(pid))
    return None if found is None else _seconds(found[1])


def cpu_seconds_where(keep: Callable[[str, list[str]], bool]) -> float:
    """User and system CPU of every process whose name and stat fields ``keep`` accepts."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(entry.name)) is not None and keep(*found):
            total += _seconds(found[1])
    return total


def group_cpu_seconds(group: int) -> float:
    """Every process in a process group (the service's workers and their supervisor)."""
    return cpu_seconds_where(lambda _name, fields: int(fields[2]) == group)


def postgres_cpu_seconds() -> float:
    """Every PostgreSQL process (the server's share of a load)."""
    return cpu_seconds_where(lambda name, _fields: name == "postgres")
