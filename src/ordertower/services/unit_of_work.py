"""The ports every use case needs: one transaction, jobs that leave with it, and the audit trail.

A use case opens a unit of work, changes state through repositories, defers jobs and records audit
entries on the same unit, then commits. Jobs deferred in a unit that rolls back never run (the queue is
a table in the same database: transactional outbox).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

T = TypeVar("T")


class TransientConflict(Exception):
    """The database refused the transaction for a reason that goes away on retry (a deadlock)."""


def retrying(work: Callable[[], T], *, attempts: int = 5) -> T:
    """Run a whole use case again when the database asks for a retry; nothing was written."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except TransientConflict:
            if attempt == attempts:
                raise
            time.sleep(random.uniform(0, 0.01 * 2**attempt))
    raise AssertionError("unreachable")


class JobQueue(Protocol):
    def defer(self, task: str, *, coalesce_key: str | None = None, **args: Any) -> None:
        """Enqueue `task` in this transaction. With a coalesce_key, a job with the same key that is
        still waiting absorbs this one (a burst of changes yields one run)."""

    def defer_coalesced(self, task: str, jobs: Mapping[str, Mapping[str, Any]]) -> None:
        """`defer` for many jobs at once: {coalesce_key: args}, each absorbed as `defer` would."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it: a user, an API token's user, or the system (jobs, channel events)."""

    label: str
    user_id: int | None = None

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls(label=what)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    actor: Actor
    action: str
    target_kind: str
    target_id: str | None
    merchant_id: int | None = None
    reason: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


class AuditTrail(Protocol):
    def record(self, entry: AuditEntry) -> None: ...


class UnitOfWork(Protocol):
    @property
    def jobs(self) -> JobQueue: ...

    @property
    def audit(self) -> AuditTrail: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def commit_carried(self) -> None:
        """Commit without waiting for the disk: for a transaction a later, durable commit of the
        same use case always follows before anyone is told it succeeded (that commit flushes the
        log up to and past this one). Should the use case fail first, its caller is told it
        failed and sends again."""
        ...

    def rollback(self) -> None: ...

    def now(self) -> datetime:
        """The transaction's timestamp (the database clock), timezone-aware UTC."""
        ...
