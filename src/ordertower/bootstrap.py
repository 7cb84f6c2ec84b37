"""The composition root: builds the runtime (database, keys, adapters) from settings, once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine

from ordertower.adapters.db import migrate
from ordertower.adapters.db.embedded import EmbeddedPostgres
from ordertower.adapters.db.uow import SqlUnitOfWork
from ordertower.adapters.passwords import Argon2Hasher
from ordertower.adapters.secrets import (
    CredentialCipher,
    key_from_file,
    new_fernet_key,
    new_secret_key,
)
from ordertower.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    database_url: str
    secret_key: str
    cipher: CredentialCipher
    hasher: Argon2Hasher
    embedded: EmbeddedPostgres | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def statement_uow(self) -> SqlUnitOfWork:
        """A unit of work whose statements each commit as they run: for a use case that writes
        with one statement and runs all day (the per-product ATS recompute), it saves the two
        round trips of BEGIN and COMMIT."""
        return SqlUnitOfWork(self.engine, autocommit=True)

    @contextmanager
    def atomic(self) -> Iterator[Callable[[], SqlUnitOfWork]]:
        """A unit-of-work factory whose units all commit together at the end (or not at all)."""
        with self.engine.connect() as connection, connection.begin():
            yield lambda: SqlUnitOfWork(self.engine, within=connection)

    def close(self) -> None:
        self.engine.dispose()
        for close in reversed(self._closers):
            close()
        if self.embedded is not None:
            self.embedded.stop()


def start(
    settings: Settings | None = None, *, upgrade: bool = False, fast_hashing: bool = False
) -> Runtime:
    """Connect (starting the embedded server when no URL is set) and optionally migrate."""
    settings = settings or Settings()
    embedded = None
    if settings.database_url:
        url = _sqlalchemy_url(settings.database_url)
    else:
        embedded = EmbeddedPostgres(settings.data_dir / "postgres")
        url = embedded.start()
    engine = create_engine(url, pool_size=settings.db_pool_size, pool_pre_ping=True)
    if upgrade:
        migrate.upgrade(engine)
    return Runtime(
        settings=settings,
        engine=engine,
        database_url=url,
        secret_key=_secret_key(settings),
        cipher=CredentialCipher(_credential_keys(settings)),
        hasher=Argon2Hasher(fast=fast_hashing),
        embedded=embedded,
    )


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(settings: Settings) -> str:
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return key_from_file(settings.data_dir / "secret.key", new_secret_key())


def _credential_keys(settings: Settings) -> list[str]:
    if settings.credentials_keys is not None:
        raw = settings.credentials_keys.get_secret_value()
    else:
        raw = key_from_file(settings.data_dir / "credentials.key", new_fernet_key())
    return [k.strip() for k in raw.split(",") if k.strip()]
