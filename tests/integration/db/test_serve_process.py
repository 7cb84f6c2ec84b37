"""`ordertower serve` as a real process: it answers, and SIGTERM stops it and its embedded database."""

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import psutil
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postmaster(pgdata) -> int | None:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return None
    pid = int(pidfile.read_text().splitlines()[0])
    return pid if psutil.pid_exists(pid) else None


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_answers_and_stops_its_embedded_database_on_a_signal(server_home, stop) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERTOWER_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ordertower.entrypoints.cli",
            "--data-dir",
            str(server_home),
            "serve",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.3)
        assert health["database"] == {"status": "ok", "embedded": True}
        while health["workers"]["alive"] < 1:  # the in-process worker runs on the same loop
            assert time.monotonic() < deadline, f"no live worker: {health}"
            time.sleep(0.3)
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
        postmaster = _postmaster(server_home / "postgres")
        assert postmaster is not None
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0, process.stdout.read()
        psutil.Process(postmaster).wait(timeout=15) if psutil.pid_exists(postmaster) else None
        assert _postmaster(server_home / "postgres") is None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
