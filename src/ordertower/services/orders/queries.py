"""Reading orders and their exception queues (screens and API): lists, one order, queue counts."""

from __future__ import annotations

from dataclasses import dataclass

from ordertower.domain.errors import NotFound
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal

from .flow_uow import OrderFlowUnitOfWork
from .records import OrderItem
from .views import OrderDetail, OrderFilter, OrderSummary, QueueCount


def list_orders(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    filters: OrderFilter,
    page: PageRequest,
) -> Page[OrderSummary]:
    """The merchant's orders, newest first, filtered."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.order_book.list_orders(merchant_id, filters, page)


def get_order(
    uow: OrderFlowUnitOfWork, *, principal: Principal, merchant_id: int, order_id: int
) -> OrderDetail:
    """One order with its lines, timeline, routing decision, allocations and open items."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        detail = uow.order_book.order_detail(merchant_id, order_id)
    if detail is None:
        raise NotFound(f"Order {order_id} not found.", field="order_id")
    return detail


@dataclass(frozen=True, slots=True)
class OrderQueues:
    counts: list[QueueCount]
    items: Page[OrderItem]


def order_queues(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    reason_code: str | None,
    page: PageRequest,
) -> OrderQueues:
    """Open order exception items: counts per reason, and the items (oldest first)."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        book = uow.order_book
        return OrderQueues(
            book.queue_counts(merchant_id),
            book.list_items(merchant_id, reason_code=reason_code, page=page),
        )
