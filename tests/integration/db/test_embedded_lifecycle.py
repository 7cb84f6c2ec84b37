"""The embedded server: started on demand, shared, stopped on exit, and safe after a crash."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import psutil
import psycopg
import pytest

from ordertower import bootstrap
from ordertower.adapters.db.embedded import EmbeddedPostgres
from ordertower.settings import Settings

pytestmark = pytest.mark.slow


def _postmaster_pid(pgdata) -> int | None:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return None
    pid = int(pidfile.read_text().splitlines()[0])
    return pid if psutil.pid_exists(pid) else None


def test_a_new_data_dir_gets_a_running_server_that_stops_on_close(server_home) -> None:
    runtime = bootstrap.start(Settings(data_dir=server_home), upgrade=True, fast_hashing=True)
    pgdata = server_home / "postgres"
    pid = _postmaster_pid(pgdata)
    assert pid is not None
    with runtime.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT current_database()").scalar() == "ordertower"
    runtime.close()
    psutil.Process(pid).wait(timeout=10) if psutil.pid_exists(pid) else None
    assert _postmaster_pid(pgdata) is None


def test_a_server_left_running_by_a_crashed_process_is_reused_then_stopped(server_home) -> None:
    pgdata = server_home / "postgres"
    crasher = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from ordertower.adapters.db.embedded import EmbeddedPostgres
        EmbeddedPostgres(Path({str(pgdata)!r})).start()
        print("up", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run(
        [sys.executable, "-c", crasher], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "up"
    orphan = _postmaster_pid(pgdata)
    assert orphan is not None, "the crashed process left its server running"

    server = EmbeddedPostgres(pgdata)
    server.start()
    assert server.pid() == orphan, "the running server is reused, not started twice"
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == [os.getpid()]
    server.stop()
    psutil.Process(orphan).wait(timeout=10)
    assert _postmaster_pid(pgdata) is None


def test_a_killed_postmaster_leaves_a_stale_pid_file_that_is_recovered_from(server_home) -> None:
    pgdata = server_home / "postgres"
    first = EmbeddedPostgres(pgdata)
    url = first.start()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (n int)")
        conn.execute("INSERT INTO kept VALUES (42)")
    pid = first.pid()
    os.kill(pid, signal.SIGKILL)
    psutil.Process(pid).wait(timeout=10) if psutil.pid_exists(pid) else None
    first._server = None  # the process is gone; forget our handle without a clean stop
    assert (pgdata / "postmaster.pid").exists()

    second = EmbeddedPostgres(pgdata)
    url = second.start()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        assert conn.execute("SELECT n FROM kept").fetchone() == (42,)
    assert second.pid() != pid
    second.stop()


def test_with_a_database_url_nothing_is_started(database_url, tmp_path) -> None:
    runtime = bootstrap.start(
        Settings(database_url=database_url, data_dir=tmp_path), fast_hashing=True
    )
    try:
        assert runtime.embedded is None
        assert not (tmp_path / "postgres").exists()
        with runtime.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        runtime.close()
