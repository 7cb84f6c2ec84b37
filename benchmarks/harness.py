"""What every benchmark shares: a throwaway embedded PostgreSQL, the machine it ran on, the numbers."""

from __future__ import annotations

import os
import platform
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import psutil
from sqlalchemy import Engine, create_engine, text

from ordertower import bootstrap
from ordertower.adapters.db.embedded import EmbeddedPostgres
from ordertower.settings import Settings

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

# Server settings shown with the results: they decide much of what a benchmark measures.
_SHOWN_SETTINGS = ("shared_buffers", "work_mem", "fsync", "synchronous_commit", "max_wal_size")


@dataclass(frozen=True)
class Bench:
    """The runtime a benchmark drives, and its own PostgreSQL server to account CPU time to."""

    runtime: bootstrap.Runtime
    server_pid: int

    def server_cpu_seconds(self) -> float:
        """CPU time used so far by every process of the benchmark's server (backends, workers)."""
        postmaster = psutil.Process(self.server_pid)
        total = 0.0
        for process in [postmaster, *postmaster.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system + times.children_user + times.children_system
        return total


def python_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the server below is stopped and removed


@contextmanager
def embedded_database() -> Iterator[Bench]:
    """A fresh embedded PostgreSQL in a temp dir, migrated; stopped and removed afterwards."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    home = Path(tempfile.mkdtemp(prefix="ordertower-bench-"))
    server = EmbeddedPostgres(home / "pgdata", delete_on_stop=True)
    try:
        url = server.start()
        # A bulk data load is not what is measured: let checkpoints space out while it runs.
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text("ALTER SYSTEM SET max_wal_size = '4GB'"))
            c.execute(text("SELECT pg_reload_conf()"))
        settings = Settings(database_url=url, data_dir=home / "data")
        runtime = bootstrap.start(settings, upgrade=True, fast_hashing=True)
        try:
            pid = server.pid()
            assert pid is not None
            yield Bench(runtime, pid)
        finally:
            runtime.close()
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def machine(engine: Engine) -> list[tuple[str, str]]:
    """What the numbers were measured on (print it with them)."""
    with engine.connect() as c:
        version = c.execute(text("SHOW server_version")).scalar_one()
        shown = [f"{s}={c.execute(text(f'SHOW {s}')).scalar_one()}" for s in _SHOWN_SETTINGS]
    load = load_average()
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("cpu", _cpu_model()),
        ("cores", f"{psutil.cpu_count(logical=False)} physical, {psutil.cpu_count()} logical"),
        ("ram", f"{psutil.virtual_memory().total / 2**30:.1f} GiB"),
        ("load average (1/5/15 min)", load),
        ("os", platform.platform()),
        ("python", sys.version.split()[0]),
        ("postgresql", f"{version} (embedded, {' '.join(shown)})"),
    ]


def load_average() -> str:
    """Runnable processes over 1, 5 and 15 minutes: above the core count, neighbours compete."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


class ServerMemory:
    """The peak memory of the benchmark's PostgreSQL while the block runs: the sum over every server
    process of its proportional set size (PSS: private pages, plus each shared page — shared buffers
    included — divided among the processes mapping it, so the sum counts every page once). Sampled once a
    second in a thread of its own: reading a process's memory map costs milliseconds of CPU, which
    sampling more often would take from the server being measured."""

    def __init__(self, bench: Bench, every_s: float = 1.0) -> None:
        self._postmaster = psutil.Process(bench.server_pid)
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="server-memory", daemon=True)
        self.peak_mib = 0.0

    def __enter__(self) -> ServerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def now_mib(self) -> float:
        total = 0
        for process in [self._postmaster, *self._postmaster.children(recursive=True)]:
            try:
                total += process.memory_full_info().pss
            except psutil.Error:
                continue
        return total / 2**20

    def _sample(self) -> None:
        while True:
            self.peak_mib = max(self.peak_mib, self.now_mib())
            if self._stop.wait(self._every_s):
                return


def peak_rss_mib() -> float:
    """The peak resident memory of this Python process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "max": max(samples_ms),
        "mean": statistics.fmean(samples_ms),
    }


def report(title: str, rows: Sequence[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n== {title}")
    for key, value in rows:
        print(f"  {key.ljust(width)}  {value}")
