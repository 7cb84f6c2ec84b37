"""Retrying payloads left pending: nothing received is lost when processing fails.

Capture stores every payload first (its own transaction), then processes it. If that processing
fails (the process dies, the database refuses after the first commit) the payload stays
`pending`. A periodic job (orders.retry_pending_payloads, every minute) and the operators' command
(`ordertower orders retry-pending`) read such payloads again, oldest first, in bounded batches,
and process them through the same path as first-time capture (`capture.process_stored`), so they
end exactly as they would have: created, an update of the order another payload created, a replay,
rejected with the same field problems.

Only payloads pending for more than a minute are taken, so a capture still in flight is not raced;
were it raced anyway, the order key keeps one order per (account, external id) and a second
processing of the same payload is a replay that changes nothing. Consecutive payloads of one
(merchant, account, source) are processed as one batch, in the order received; a batch that fails
again is retried one payload at a time, so one payload that cannot be processed (a bug to fix)
does not hold back the others: it stays pending, is reported, and is tried again next run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from ordertower.domain.orders import Actor, ActorKind

from .capture import MAX_BATCH, CaptureResult, process_stored
from .order_file import reread_csv_order
from .order_json import reread_json_order
from .payload_inbox import PayloadRetryUnitOfWork, PendingPayload
from .records import IncomingOrder, PayloadSource

PENDING_FOR = dt.timedelta(minutes=1)  # younger payloads may still be in their first processing
BATCH = 200
LIMIT = 5_000  # payloads per run; the rest wait for the next minute

Reader = Callable[[Any, int, int], IncomingOrder]
# How each source's stored payload is read again: the same reading it had when it arrived.
# Connectors' sources (webhook, poll) register theirs when they land; until then their pending
# payloads are left alone rather than misread.
READERS: dict[PayloadSource, Reader] = {
    PayloadSource.API: reread_json_order,
    PayloadSource.CSV: reread_csv_order,
}


@dataclass(slots=True)
class RetryReport:
    """What a run did: payloads processed by outcome, and those that failed again (payload id →
    the kind of error: never its message, which may quote the payload's personal data)."""

    outcomes: Counter[str] = field(default_factory=Counter)
    failed: dict[int, str] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return sum(self.outcomes.values())


def retry_pending_payloads(
    new_uow: Callable[[], PayloadRetryUnitOfWork],
    *,
    pending_for: dt.timedelta = PENDING_FOR,
    limit: int = LIMIT,
    batch: int = BATCH,
) -> RetryReport:
    """Process payloads pending for longer than `pending_for`, oldest first, at most `limit`."""
    report = RetryReport()
    after: tuple[dt.datetime, int] | None = None
    taken = 0
    with new_uow() as uow:
        before = uow.now() - pending_for
    while taken < limit:
        with new_uow() as uow:
            pending = uow.payload_inbox.pending_payloads(
                sources=READERS.keys(),
                received_before=before,
                after=after,
                limit=min(batch, limit - taken),
            )
        if not pending:
            break
        taken += len(pending)
        after = (pending[-1].received_at, pending[-1].id)
        for _, run in groupby(
            pending, key=lambda p: (p.merchant_id, p.channel_account_id, p.source)
        ):
            payloads = list(run)
            for start in range(0, len(payloads), MAX_BATCH):
                _retry(new_uow, payloads[start : start + MAX_BATCH], report)
    return report


def _retry(
    new_uow: Callable[[], PayloadRetryUnitOfWork],
    payloads: Sequence[PendingPayload],
    report: RetryReport,
) -> None:
    try:
        results = _process(new_uow, payloads)
    except Exception as error:  # kept pending, reported, tried again next run
        if len(payloads) == 1:
            report.failed[payloads[0].id] = type(error).__name__
            return
        for one in payloads:
            _retry(new_uow, [one], report)
        return
    report.outcomes.update(str(r.outcome) for r in results)


def _process(
    new_uow: Callable[[], PayloadRetryUnitOfWork], payloads: Sequence[PendingPayload]
) -> list[CaptureResult]:
    first = payloads[0]
    merchant_id, account_id = first.merchant_id, first.channel_account_id
    uow = new_uow()
    with uow:
        # The account was active when the payload was taken; what was received is processed
        # even if the account has been deactivated since.
        account = uow.order_book.account(merchant_id, account_id)
    if account is None:
        raise LookupError(f"channel account {account_id} of merchant {merchant_id} is gone")
    read = READERS[first.source]
    incoming = [read(p.payload, merchant_id, account_id) for p in payloads]
    actor = Actor(ActorKind.CHANNEL, f"{first.source} ({account.kind}, retried)")
    return process_stored(uow, account, incoming, [p.id for p in payloads], first.source, actor)
