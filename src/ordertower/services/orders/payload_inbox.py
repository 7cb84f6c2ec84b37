"""What the retry of pending payloads needs from storage: the payloads still waiting, oldest first.

A payload is stored (`pending`) in a transaction of its own before it is processed; when the
processing fails (a crash, a database error after that first commit) it stays pending. These are
the reads that find such payloads again; processing them writes through the order book like any
capture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .flow_uow import OrderFlowUnitOfWork
from .records import PayloadSource


@dataclass(frozen=True, slots=True)
class PendingPayload:
    """A stored payload not processed yet: what arrived (`payload`, personal data) and from where."""

    id: int
    merchant_id: int
    channel_account_id: int
    source: PayloadSource
    payload: Mapping[str, Any]
    received_at: dt.datetime


class PayloadInbox(Protocol):
    def pending_payloads(
        self,
        *,
        sources: Collection[PayloadSource],
        received_before: dt.datetime,
        after: tuple[dt.datetime, int] | None,
        limit: int,
    ) -> list[PendingPayload]:
        """Pending payloads of these sources received before `received_before`, every merchant,
        oldest first (received_at, id), after the keyset position `after`."""
        ...

    def count_pending(self, *, received_before: dt.datetime) -> int: ...


class PayloadRetryUnitOfWork(OrderFlowUnitOfWork, Protocol):
    @property
    def payload_inbox(self) -> PayloadInbox: ...
