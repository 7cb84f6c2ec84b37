"""SQL for payloads still pending: found again, oldest first, by the partial index on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import Connection, text

from ordertower.services.orders.payload_inbox import PendingPayload
from ordertower.services.orders.records import PayloadSource

# The keyset (received_at, id) walks ix_order_payloads_pending (received_at WHERE pending).
_PENDING = text(
    "SELECT id, merchant_id, channel_account_id, source, payload, received_at"
    " FROM order_payloads WHERE outcome = 'pending' AND received_at < :before"
    " AND source = ANY(CAST(:sources AS text[]))"
    " AND (CAST(:after_at AS timestamptz) IS NULL"
    "   OR (received_at, id) > (CAST(:after_at AS timestamptz), CAST(:after_id AS bigint)))"
    " ORDER BY received_at, id LIMIT :limit"
)
_COUNT = text(
    "SELECT count(*) FROM order_payloads WHERE outcome = 'pending' AND received_at < :before"
)


class SqlPayloadInbox:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def pending_payloads(
        self,
        *,
        sources: Collection[PayloadSource],
        received_before: dt.datetime,
        after: tuple[dt.datetime, int] | None,
        limit: int,
    ) -> list[PendingPayload]:
        rows = self._c.execute(
            _PENDING,
            {
                "before": received_before,
                "sources": sorted(str(s) for s in sources),
                "after_at": after[0] if after else None,
                "after_id": after[1] if after else None,
                "limit": limit,
            },
        ).all()
        return [
            PendingPayload(
                id=r.id,
                merchant_id=r.merchant_id,
                channel_account_id=r.channel_account_id,
                source=PayloadSource(r.source),
                payload=r.payload,
                received_at=r.received_at,
            )
            for r in rows
        ]

    def count_pending(self, *, received_before: dt.datetime) -> int:
        count: int = self._c.execute(_COUNT, {"before": received_before}).scalar_one()
        return count


class PayloadInboxRepositories:
    """Mixin for the unit of work: the pending payloads, bound to its connection."""

    connection: Connection

    @property
    def payload_inbox(self) -> SqlPayloadInbox:
        return SqlPayloadInbox(self.connection)
