"""SQL for the order screens: the list (filters, search, newest first by keyset) and the detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    literal_column,
    or_,
    select,
    union,
)

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
    """Every filter but the search (the search picks its own indexes: `_search_terms`)."""
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
    return query


# Spelled exactly as ix_orders_customer_prefix is, so the planner matches the index.
_CUSTOMER_NAME: ColumnElement[str] = literal_column("lower(orders.customer ->> 'name')")

# How many of the newest orders a search (or a placed-at range) looks through first: a prefix
# matching one order in 40 or more ("gid://shopify/", "#50", "ava") fills a page from them, so
# only rarer or older matches are looked up through the prefix indexes.
RECENT_WINDOW = 2_000


def _prefix_terms(search: str) -> tuple[list[ColumnElement[bool]], ColumnElement[bool]]:
    """The search: the start of the external id or the channel order number (case as typed) —
    sequential numbers, so one prefix's matches are often all old ones — or the start of the
    customer's name (any case), spread over all ages."""
    numbers: list[ColumnElement[bool]] = [
        _o.external_order_id.like(_like_prefix(search)),
        _o.channel_order_number.like(_like_prefix(search)),
    ]
    return numbers, _CUSTOMER_NAME.like(_like_prefix(search.lower()))


def _other_filters(f: OrderFilter) -> bool:
    return any(
        value is not None
        for value in (
            f.channel,
            f.channel_account_id,
            f.state,
            f.placed_before,
            f.placed_after,
            f.ship_by_before,
        )
    )


class OrderReads:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def list_orders(
        self, merchant_id: int, filters: OrderFilter, page: PageRequest
    ) -> Page[OrderSummary]:
        """Newest first (id descending), keyset pages. Filters walk an index in id order and stop
        at a page; a search or a placed-at range, whose matches may all lie far back, goes through
        `_recent_then_older` (benchmarks/order_list.py measures every shape at 5M orders)."""
        before = after_id(page) if page.after is not None else None
        want = page.limit + 1
        search = (filters.search or "").strip()
        if search or (filters.placed_after is not None and filters.placed_before is not None):
            rows = self._recent_then_older(merchant_id, filters, search, before, want)
        else:
            query = _filtered(select(*_SUMMARY), merchant_id, filters)
            if before is not None:
                query = query.where(_o.id < before)
            rows = list(self._c.execute(query.order_by(_o.id.desc()).limit(want)))
        return to_page([_summary(r) for r in rows], page, lambda s: s.id)

    def _recent_then_older(
        self, merchant_id: int, filters: OrderFilter, search: str, before: int | None, want: int
    ) -> list[Row[Any]]:
        """The `want` newest matches in two steps, same rows as one query but without its worst
        case (an OR of prefixes checked row by row, or "walk newest first until enough match"
        walking millions of rows when every match is old):

        1. the newest RECENT_WINDOW orders below the cursor: bounded, and enough for a common
           prefix or a range that reaches today;
        2. if that found fewer: the older orders. Each number prefix (and a placed-at range
           narrower than its distance from today; a wider one walks newest first)
           reads all its matches from its own index (ids included, so the index alone), planned
           apart (OFFSET 0) so the planner cannot turn it back into the walk; the name prefix,
           spread over all ages, is left to the planner (its index covers id and customer, so
           reading the matches from it does not touch the table). The newest of each, then
           their rows.
        """
        numbers, name = _prefix_terms(search) if search else ([], None)
        newest = select(_o.id).where(_o.merchant_id == merchant_id)
        if before is not None:
            newest = newest.where(_o.id < before)
        floor = self._c.execute(
            newest.order_by(_o.id.desc()).offset(RECENT_WINDOW - 1).limit(1)
        ).scalar()
        recent = _filtered(select(*_SUMMARY), merchant_id, filters)
        if search:
            assert name is not None
            recent = recent.where(or_(*numbers, name))
        if before is not None:
            recent = recent.where(_o.id < before)
        if floor is not None:
            recent = recent.where(_o.id >= floor)
        rows = list(self._c.execute(recent.order_by(_o.id.desc()).limit(want)))
        if floor is None or len(rows) == want:
            return rows
        need = want - len(rows)
        if search:
            assert name is not None
            older = [
                self._through_index(merchant_id, filters, term, floor, need) for term in numbers
            ]
            older.append(
                _filtered(select(_o.id), merchant_id, filters)
                .where(_o.id < floor, name)
                .order_by(_o.id.desc())
                .limit(need)
            )
        else:
            assert filters.placed_after is not None
            assert filters.placed_before is not None
            placed = and_(
                _o.placed_at >= filters.placed_after, _o.placed_at < filters.placed_before
            )
            # Reading the range costs its orders; walking newest first costs the orders placed
            # after it. Time spans stand in for those counts (orders arrive at a steady rate).
            span = filters.placed_before - filters.placed_after
            if span > dt.datetime.now(dt.UTC) - filters.placed_before:
                older = [
                    _filtered(select(_o.id), merchant_id, filters)
                    .where(_o.id < floor)
                    .order_by(_o.id.desc())
                    .limit(need)
                ]
            else:
                rest = replace(filters, placed_after=None, placed_before=None)  # in the index
                older = [self._through_index(merchant_id, rest, placed, floor, need)]
        return rows + list(
            self._c.execute(
                select(*_SUMMARY)
                .where(_o.merchant_id == merchant_id, _o.id.in_(union(*older)))
                .order_by(_o.id.desc())
                .limit(need)
            )
        )

    @staticmethod
    def _through_index(
        merchant_id: int, filters: OrderFilter, matches: ColumnElement[bool], floor: int, need: int
    ) -> Select[Any]:
        """Ids of the `need` newest orders below `floor` matching `matches` and the filters, with
        every match of `matches` read first (OFFSET 0 keeps that subquery planned on its own)."""
        found = (
            select(_o.id.label("id"))
            .where(_o.merchant_id == merchant_id, _o.id < floor, matches)
            .offset(0)
            .subquery("found")
        )
        query = select(found.c.id)
        if _other_filters(filters):
            query = _filtered(
                query.join(orders, and_(_o.merchant_id == merchant_id, _o.id == found.c.id)),
                merchant_id,
                filters,
            )
        return query.order_by(found.c.id.desc()).limit(need)

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
