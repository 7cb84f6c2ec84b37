"""SQL for the order screens: the list (filters, search, newest first by keyset) and the detail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Select, or_, select

from ordertower.domain.orders import OrderState
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.orders.views import (
    AllocationView,
    EventView,
    LineView,
    OrderDetail,
    OrderFilter,
    OrderSummary,
)

from ..paging import after_id, to_page
from ..tables.catalog import products
from ..tables.inventory import stock_allocations
from ..tables.locations import locations
from ..tables.orders import order_events, order_lines, orders

_o = orders.c
_SUMMARY = (
    _o.id,
    _o.channel_account_id,
    _o.channel,
    _o.external_order_id,
    _o.channel_order_number,
    _o.placed_at,
    _o.ship_by,
    _o.service_level,
    _o.state,
    _o.state_changed_at,
    _o.hold_queue,
    _o.customer["name"].astext.label("customer_name"),
    _o.ship_country,
    _o.currency,
    _o.total,
    _o.units,
)


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _summary(r: Row[Any]) -> OrderSummary:
    return OrderSummary(
        id=r.id,
        channel_account_id=r.channel_account_id,
        channel=r.channel,
        external_order_id=r.external_order_id,
        channel_order_number=r.channel_order_number,
        placed_at=r.placed_at,
        ship_by=r.ship_by,
        service_level=r.service_level,
        state=OrderState(r.state),
        state_changed_at=r.state_changed_at,
        hold_queue=r.hold_queue,
        customer_name=r.customer_name or "",
        ship_country=r.ship_country,
        currency=r.currency,
        total=r.total,
        units=r.units,
    )


def _filtered(query: Select[Any], merchant_id: int, f: OrderFilter) -> Select[Any]:
    query = query.where(_o.merchant_id == merchant_id)
    if f.channel is not None:
        query = query.where(_o.channel == f.channel)
    if f.channel_account_id is not None:
        query = query.where(_o.channel_account_id == f.channel_account_id)
    if f.state is not None:
        query = query.where(_o.state == str(f.state))
    if f.placed_before is not None:
        query = query.where(_o.placed_at < f.placed_before)
    if f.placed_after is not None:
        query = query.where(_o.placed_at >= f.placed_after)
    if f.ship_by_before is not None:
        query = query.where(_o.ship_by < f.ship_by_before)
    if f.search:
        pattern = _like_prefix(f.search.strip())
        query = query.where(
            or_(
                _o.external_order_id.like(pattern),
                _o.channel_order_number.like(pattern),
                _o.customer["name"].astext.ilike(pattern),
            )
        )
    return query


class OrderReads:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def list_orders(
        self, merchant_id: int, filters: OrderFilter, page: PageRequest
    ) -> Page[OrderSummary]:
        query = _filtered(select(*_SUMMARY), merchant_id, filters)
        if page.after is not None:
            query = query.where(_o.id < after_id(page))
        rows = self._c.execute(query.order_by(_o.id.desc()).limit(page.limit + 1)).all()
        return to_page([_summary(r) for r in rows], page, lambda s: s.id)

    def order_detail(self, merchant_id: int, order_id: int) -> OrderDetail | None:
        row: Any = self._c.execute(
            select(
                *_SUMMARY,
                _o.deliver_by,
                _o.service_label,
                _o.channel_updated_at,
                _o.ship_to,
                _o.customer,
                _o.flags,
                _o.tags,
                _o.version,
                _o.created_at,
                _o.routing,
                _o.routing_explanation,
            ).where(_o.merchant_id == merchant_id, _o.id == order_id)
        ).first()
        if row is None:
            return None
        lc, ec, ac = order_lines.c, order_events.c, stock_allocations.c
        lines = self._c.execute(
            select(order_lines)
            .where(lc.merchant_id == merchant_id, lc.order_id == order_id)
            .order_by(lc.position)
        ).all()
        events = self._c.execute(
            select(order_events)
            .where(ec.merchant_id == merchant_id, ec.order_id == order_id)
            .order_by(ec.id)
        ).all()
        allocations = self._c.execute(
            select(
                ac.id,
                products.c.sku,
                ac.location_id,
                locations.c.code,
                ac.quantity,
                ac.allocated_quantity,
            )
            .join(
                products,
                (products.c.merchant_id == ac.merchant_id) & (products.c.id == ac.product_id),
            )
            .join(locations, locations.c.id == ac.location_id)
            .where(
                ac.merchant_id == merchant_id,
                ac.reference_kind == "order",
                ac.reference_id == str(order_id),
                ac.quantity > 0,
            )
            .order_by(ac.id)
        ).all()
        return OrderDetail(
            summary=_summary(row),
            deliver_by=row.deliver_by,
            service_label=row.service_label,
            channel_updated_at=row.channel_updated_at,
            ship_to=row.ship_to,
            customer=row.customer,
            flags=list(row.flags),
            tags=list(row.tags),
            version=row.version,
            created_at=row.created_at,
            routing=row.routing,
            routing_explanation=row.routing_explanation,
            lines=[
                LineView(
                    position=r.position,
                    line_id=r.line_id,
                    channel_sku=r.channel_sku,
                    sku=r.sku,
                    quantity=r.quantity,
                    unit_price=r.unit_price,
                    currency=r.currency,
                    units=[(str(u[0]), int(u[1])) for u in r.units] if r.units else None,
                )
                for r in lines
            ],
            timeline=[
                EventView(
                    from_state=r.from_state,
                    to_state=r.to_state,
                    at=r.at,
                    actor_kind=r.actor_kind,
                    actor=r.actor,
                    note=r.note,
                )
                for r in events
            ],
            allocations=[
                AllocationView(
                    id=r.id,
                    sku=r.sku,
                    location_id=r.location_id,
                    location_code=r.code,
                    quantity=r.quantity,
                    allocated_quantity=r.allocated_quantity,
                )
                for r in allocations
            ],
            open_items=(),
        )
