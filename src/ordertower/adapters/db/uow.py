"""The SQL unit of work: one connection, one transaction, repositories and jobs bound to it."""

from __future__ import annotations

import json
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, NestedTransaction, text
from sqlalchemy.exc import DBAPIError

from ordertower.services.unit_of_work import AuditEntry, TransientConflict

from .jobs import SqlJobQueue
from .repositories.availability import AvailabilityRepositories
from .repositories.availability_bulk import BulkAvailabilityRepositories
from .repositories.catalog import CatalogRepositories
from .repositories.channels import ChannelRepositories
from .repositories.counts import CountRepositories
from .repositories.dashboard import DashboardRepositories
from .repositories.dropship import DropshipRepositories
from .repositories.exception_queue import ExceptionQueueRepositories
from .repositories.fulfillment import FulfillmentRepositories
from .repositories.fulfillment_recall import FloorRecallRepositories
from .repositories.inventory import InventoryRepositories
from .repositories.inventory_queries import InventoryQueryRepositories
from .repositories.ledger_audit import LedgerAuditRepositories
from .repositories.locations import LocationRepositories
from .repositories.order_payloads import PayloadInboxRepositories
from .repositories.order_states import OrderStateRepositories
from .repositories.orders import OrderBookRepositories
from .repositories.receiving import ReceivingRepositories
from .repositories.routing import RoutingRepositories
from .repositories.tenancy import TenancyRepositories
from .tables.tenancy import audit_log

# Deadlock detected, serialization failure: the transaction did nothing and may simply run again.
_TRANSIENT = {"40P01", "40001"}


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


class SqlAuditTrail:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def record(self, entry: AuditEntry) -> None:
        self._connection.execute(
            audit_log.insert().values(
                merchant_id=entry.merchant_id,
                actor_user_id=entry.actor.user_id,
                actor=entry.actor.label,
                action=entry.action,
                target_kind=entry.target_kind,
                target_id=entry.target_id,
                reason=entry.reason,
                details=json.loads(json.dumps(dict(entry.details), default=str)),
            )
        )


class SqlUnitOfWork(
    TenancyRepositories,
    CatalogRepositories,
    LocationRepositories,
    ChannelRepositories,
    InventoryRepositories,
    InventoryQueryRepositories,
    LedgerAuditRepositories,
    AvailabilityRepositories,
    DashboardRepositories,
    BulkAvailabilityRepositories,
    ReceivingRepositories,
    CountRepositories,
    ExceptionQueueRepositories,
    FulfillmentRepositories,
    RoutingRepositories,
    OrderStateRepositories,
    OrderBookRepositories,
    DropshipRepositories,
    PayloadInboxRepositories,
    FloorRecallRepositories,
):
    """Area repositories come in as mixins (each defines properties over `self.connection`)."""

    connection: Connection

    def __init__(
        self, engine: Engine, *, within: Connection | None = None, autocommit: bool = False
    ) -> None:
        """`within`: run inside that connection's open transaction, each unit a savepoint (so
        several use cases commit or roll back together — seeding, imports that span areas).
        `autocommit`: every statement commits by itself, so `commit` has nothing left to do — only
        for a use case that writes with a single statement (one round trip instead of three:
        BEGIN, the statement, COMMIT)."""
        self._engine = engine
        self._within = within
        self._autocommit = autocommit
        self._savepoint: NestedTransaction | None = None
        self._now: datetime | None = None  # the transaction's timestamp, read once

    def __enter__(self) -> Self:
        self._now = None
        if self._within is not None:
            self.connection = self._within
            self._savepoint = self.connection.begin_nested()
            return self
        self.connection = self._engine.connect()
        if self._autocommit:
            self.connection = self.connection.execution_options(isolation_level="AUTOCOMMIT")
            return self
        self.connection.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._savepoint is not None:
            if self._savepoint.is_active:
                self._savepoint.rollback()
        else:
            try:
                if self.connection.in_transaction():
                    self.connection.rollback()
            finally:
                self.connection.close()
        if isinstance(exc, DBAPIError) and _sqlstate(exc) in _TRANSIENT:
            raise TransientConflict("the database asked to retry the transaction") from exc

    @property
    def jobs(self) -> SqlJobQueue:
        return SqlJobQueue(self.connection)

    @property
    def audit(self) -> SqlAuditTrail:
        return SqlAuditTrail(self.connection)

    def commit_carried(self) -> None:
        if self._savepoint is None:  # within an outer transaction it commits with that one
            self.connection.execute(text("SET LOCAL synchronous_commit = off"))
        self.commit()

    def commit(self) -> None:
        if self._autocommit:
            return  # each statement committed as it ran
        if self._savepoint is not None:
            self._savepoint.commit()
            self._savepoint = self.connection.begin_nested()
            return
        self.connection.commit()
        self.connection.begin()
        self._now = None

    def rollback(self) -> None:
        if self._autocommit:
            raise RuntimeError("Nothing to roll back: each statement committed as it ran.")
        if self._savepoint is not None:
            self._savepoint.rollback()
            self._savepoint = self.connection.begin_nested()
            return
        self.connection.rollback()
        self.connection.begin()
        self._now = None

    def now(self) -> datetime:
        # now() is fixed for the whole transaction: one round trip per transaction is enough.
        if self._now is None:
            self._now = self.connection.execute(text("SELECT now()")).scalar_one()
        return self._now
