"""The life of an advance notice and of a receipt: statuses and the moves between them."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from ordertower.domain.errors import IllegalTransition

from .pools import InventoryStatus


class NoticeStatus(StrEnum):
    OPEN = "open"  # announced; nothing has arrived yet, it can still be cancelled
    RECEIVING = "receiving"  # the goods are at the dock: a receipt against it is open
    CLOSED = "closed"  # its receipt was closed; discrepancies were raised as exception items
    CANCELLED = "cancelled"  # the shipment will not come; nothing was received against it


class ReceiptStatus(StrEnum):
    RECEIVING = "receiving"  # at the dock: scans land units in the receiving bin
    RECEIVED = "received"  # closed: discrepancies raised, units wait to be put away
    PUT_AWAY = "put_away"  # every received unit is in a storage bin; dock-to-stock is recorded


NOTICE_CHANGES: dict[NoticeStatus, frozenset[NoticeStatus]] = {
    NoticeStatus.OPEN: frozenset({NoticeStatus.RECEIVING, NoticeStatus.CANCELLED}),
    NoticeStatus.RECEIVING: frozenset({NoticeStatus.CLOSED}),
    NoticeStatus.CLOSED: frozenset(),
    NoticeStatus.CANCELLED: frozenset(),
}

# A receipt whose units were all put away before it was closed goes straight to put_away.
RECEIPT_CHANGES: dict[ReceiptStatus, frozenset[ReceiptStatus]] = {
    ReceiptStatus.RECEIVING: frozenset({ReceiptStatus.RECEIVED, ReceiptStatus.PUT_AWAY}),
    ReceiptStatus.RECEIVED: frozenset({ReceiptStatus.PUT_AWAY}),
    ReceiptStatus.PUT_AWAY: frozenset(),
}

# The pools a notice or receipt may send good units to: stock for sale, or stock bound for Amazon.
DESTINATIONS: frozenset[InventoryStatus] = frozenset(
    {InventoryStatus.SELLABLE, InventoryStatus.FBA_BOUND}
)

S = TypeVar("S", NoticeStatus, ReceiptStatus)


def check_change(what: str, changes: dict[S, frozenset[S]], src: S, dst: S, *, field: str) -> None:
    """Refuse a status change the table does not allow, saying what state the thing is in."""
    if dst in changes[src]:
        return
    raise IllegalTransition(f"{what} is {src}; it cannot become {dst}.", field=field)
