"""Resolving an order's exception item: the action the item's reason offers, then the pipeline again.

The actions (domain RESOLVE_ACTIONS): map the listing (or correct the line's SKU) and retry; correct
the address; release a hold (a person, always); allocate from another location (route again with
only that location); split (the lines that can ship now stay, the rest becomes its own order, which
parks as backordered or needs_attention); cancel (stock given back); acknowledge (noted, nothing
moves). The item closes with the person's note; re-runs close pipeline items that no longer apply.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ordertower.domain.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from ordertower.domain.orders import (
    Address,
    OrderExceptionReason,
    OrderLine,
    OrderState,
    ResolveAction,
    check_resolve_action,
    resolve_lines,
    tidy_address,
)
from ordertower.domain.routing import (
    RoutingPolicy,
    RoutingRule,
    ShipFrom,
    Shortfall,
    ZoneTable,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.recompute_jobs import defer_recompute

from .flow_uow import OrderFlowUnitOfWork
from .order_actions import audit, person, release_in_transaction
from .order_moves import cancel, release_stock, rerun
from .pipeline import run_pipeline
from .pipeline_inputs import BatchCatalog, BatchStock
from .records import OrderItem, StoredOrder
from .transitions import lock_orders

MAX_QUANTITY_PER = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveRequest:
    """The action and what it needs: `sku` (+ `quantity_per`) to map, `address` to correct,
    `location_code` to allocate from; `note` says what was done (kept on the item)."""

    action: ResolveAction
    note: str = ""
    sku: str | None = None
    quantity_per: int = 1
    address: Address | None = None
    location_code: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    item_id: int
    order_id: int
    action: ResolveAction
    state: OrderState
    split_order_id: int | None = None


def resolve_order_exception(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    item_id: int,
    request: ResolveRequest,
) -> Resolution:
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    note = request.note.strip()
    if len(note) > 2000:
        raise InvalidInput("Keep the note to 2000 characters.", field="note")
    with uow:
        item = _open_item(uow, merchant_id, item_id)
        try:
            reason = OrderExceptionReason(item.reason_code)
        except ValueError as error:
            raise Conflict(f"Item {item_id} is not an order exception.", field="item_id") from error
        check_resolve_action(reason, request.action)
        resolution = _ACTIONS[request.action](uow, principal, merchant_id, item, request, note)
        audit(
            uow,
            principal,
            merchant_id,
            "order.exception_resolved",
            item.order_id,
            note or None,
            item_id=item_id,
            reason_code=item.reason_code,
            resolve_action=str(request.action),
        )
        uow.commit()
    return resolution


def _open_item(uow: OrderFlowUnitOfWork, merchant_id: int, item_id: int) -> OrderItem:
    item = uow.order_book.order_item(merchant_id, item_id, lock=True)
    if item is None:
        raise NotFound(f"Order exception item {item_id} not found.", field="item_id")
    if item.status != "open":
        raise IllegalTransition(
            f"Exception item {item_id} is already resolved; nothing changed.", field="item_id"
        )
    return item


def _close(
    uow: OrderFlowUnitOfWork, principal: Principal, merchant_id: int, item: OrderItem, note: str
) -> None:
    uow.order_book.close_items(merchant_id, [item.id], note=note, user_id=principal.user_id)


def _rerun(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    note: str,
    policy: tuple[RoutingPolicy, ZoneTable] | None = None,
) -> OrderState:
    _close(uow, principal, merchant_id, item, note)
    return rerun(
        uow,
        merchant_id,
        item.order_id,
        actor=person(principal),
        note=note,
        actor_user_id=principal.user_id,
        policy=policy,
    )


def _stored(uow: OrderFlowUnitOfWork, merchant_id: int, order_id: int) -> StoredOrder:
    lock_orders(uow, merchant_id, [order_id])
    return uow.order_book.orders(merchant_id, [order_id])[order_id]


def _map_listing(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    sku = (request.sku or "").strip()
    if not sku:
        raise InvalidInput("Give the SKU the line should draw.", field="sku")
    per = request.quantity_per
    if isinstance(per, bool) or not isinstance(per, int) or not 1 <= per <= MAX_QUANTITY_PER:
        raise InvalidInput(
            f"quantity_per is a whole number from 1 to {MAX_QUANTITY_PER}.", field="quantity_per"
        )
    product = uow.inventory.products_by_sku(merchant_id, [sku]).get(sku)
    if product is None:
        raise NotFound(f"SKU {sku} is not in this merchant's catalog.", field="sku")
    if product.blocked:
        raise Conflict(f"SKU {sku} is blocked; map the line to a SKU that may ship.", field="sku")
    stored = _stored(uow, merchant_id, item.order_id)
    line = next((ln for ln in stored.order.lines if ln.line_id == item.line_id), None)
    if line is None:
        raise Conflict(
            "The item names no line of the order; map the listing from the catalog instead.",
            field="item_id",
        )
    if line.channel_sku is not None:
        uow.order_book.upsert_listing(
            merchant_id,
            account_id=stored.order.channel_account_id,
            channel_sku=line.channel_sku,
            product_id=product.id,
            quantity_per=per,
        )
        defer_recompute(uow.jobs, merchant_id, [product.id])  # as any listing created or changed
        what = f"listing {line.channel_sku} mapped to {per} × {sku}"
    else:
        lines = [
            dataclasses.replace(ln, sku=sku) if ln is line else ln for ln in stored.order.lines
        ]
        uow.order_book.set_lines(merchant_id, stored.id, lines)
        what = f"line {line.line_id} now orders {sku}"
    state = _rerun(uow, principal, merchant_id, item, note or what)
    return Resolution(item.id, item.order_id, request.action, state)


def _correct_address(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    if request.address is None:
        raise InvalidInput("Give the corrected address.", field="address")
    stored = _stored(uow, merchant_id, item.order_id)
    address = tidy_address(request.address)
    if not address.phone:  # a correction of the place keeps the recipient's phone
        address = dataclasses.replace(address, phone=stored.order.ship_to.phone)
    uow.order_book.set_address(merchant_id, item.order_id, address)
    state = _rerun(uow, principal, merchant_id, item, note or "address corrected")
    return Resolution(item.id, item.order_id, request.action, state)


def _release_hold(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    _close(uow, principal, merchant_id, item, note or "hold released")
    state = release_in_transaction(uow, principal, merchant_id, item.order_id, note)
    return Resolution(item.id, item.order_id, request.action, state)


def _another_location(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    code = (request.location_code or "").strip()
    if not code:
        raise InvalidInput("Give the code of the location to allocate from.", field="location_code")
    if code not in {loc.code for loc in uow.order_book.order_locations(merchant_id).values()}:
        raise NotFound(
            f"Location {code} is not an active location this merchant ships from.",
            field="location_code",
        )
    policy = RoutingPolicy(
        rules=(
            RoutingRule(
                name=f"chosen by user:{principal.user_id}",
                action=ShipFrom(locations=(code,), on_shortfall=Shortfall.BACKORDER),
            ),
        )
    )
    state = _rerun(
        uow, principal, merchant_id, item, note or f"allocate from {code}", (policy, ZoneTable())
    )
    return Resolution(item.id, item.order_id, request.action, state)


def _split(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    stored = _stored(uow, merchant_id, item.order_id)
    release_stock(uow, merchant_id, [stored.id])
    stay, rest = _shippable_lines(uow, merchant_id, stored)
    if not stay or not rest:
        raise Conflict(
            "Nothing to split: "
            + ("no line can ship now." if not stay else "every line can ship now; retry instead."),
            field="action",
        )
    book = uow.order_book
    order = stored.order
    child = dataclasses.replace(
        order,
        external_order_id=_split_id(uow, merchant_id, stored),
        lines=tuple(rest),
        tags=order.tags | {"split"},
    )
    inserted = book.insert_orders(
        merchant_id,
        [child],
        actor=person(principal),
        note=f"split from order {stored.id}: the lines that could not ship",
    )
    child_id = inserted[child.external_order_id]
    book.set_lines(merchant_id, stored.id, stay)
    state = _rerun(uow, principal, merchant_id, item, note or f"split: rest in order {child_id}")
    run_pipeline(uow, merchant_id, [child_id], fresh=True)
    return Resolution(item.id, item.order_id, request.action, state, child_id)


def _split_id(uow: OrderFlowUnitOfWork, merchant_id: int, stored: StoredOrder) -> str:
    base = stored.order.external_order_id[:90]
    for n in range(2, 1000):
        candidate = f"{base}~{n}"
        if not uow.order_book.lock_orders_by_key(
            merchant_id, stored.order.channel_account_id, [candidate]
        ):
            return candidate
    raise Conflict("The order was split too many times.", field="action")


def _shippable_lines(
    uow: OrderFlowUnitOfWork, merchant_id: int, stored: StoredOrder
) -> tuple[list[OrderLine], list[OrderLine]]:
    """Lines that resolve and whose units one location has free (in line order), and the rest."""
    book = uow.order_book
    order = stored.order
    catalog = BatchCatalog(
        book.catalog_facts(
            merchant_id,
            {(order.channel_account_id, ln.channel_sku) for ln in order.lines if ln.channel_sku},
            {ln.sku for ln in order.lines if ln.sku},
        )
    )
    locations = book.order_locations(merchant_id)
    skus = {p.id: p.sku for p in catalog.facts.products.values() if p.kind != "bundle"}
    stock = BatchStock.of(locations, book.free_stock(merchant_id, skus, locations), skus)
    view = stock.view(catalog.listing_locations(stored))
    stay: list[OrderLine] = []
    rest: list[OrderLine] = []
    resolved = resolve_lines(order.lines, catalog.mappings(order.channel_account_id))
    for line, drawn in zip(order.lines, resolved, strict=True):
        place = None
        if drawn.resolved and not any(sku in catalog.empty_bundles for sku, _ in drawn.units):
            place = next(
                (
                    code
                    for code, free in view.items()
                    if all(free.get(sku, 0) >= n for sku, n in drawn.units)
                ),
                None,
            )
        if place is None:
            rest.append(line)
            continue
        for sku, n in drawn.units:
            stock.spend(place, sku, n)
        stay.append(line)
    return stay, rest


def _cancel(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    heads = lock_orders(uow, merchant_id, [item.order_id])
    cancel(
        uow,
        merchant_id,
        heads,
        [item.order_id],
        actor=person(principal),
        note=note or "cancelled from the exception queue",
        actor_user_id=principal.user_id,
    )
    return Resolution(item.id, item.order_id, request.action, OrderState.CANCELLED)


def _acknowledge(
    uow: OrderFlowUnitOfWork,
    principal: Principal,
    merchant_id: int,
    item: OrderItem,
    request: ResolveRequest,
    note: str,
) -> Resolution:
    if not note:
        raise InvalidInput("Say how it was dealt with (a note is required).", field="note")
    _close(uow, principal, merchant_id, item, note)
    state = uow.order_book.orders(merchant_id, [item.order_id])[item.order_id].state
    return Resolution(item.id, item.order_id, request.action, state)


_ACTIONS = {
    ResolveAction.MAP_LISTING_AND_RETRY: _map_listing,
    ResolveAction.CORRECT_ADDRESS: _correct_address,
    ResolveAction.RELEASE_HOLD: _release_hold,
    ResolveAction.ALLOCATE_FROM_ANOTHER_LOCATION: _another_location,
    ResolveAction.SPLIT: _split,
    ResolveAction.CANCEL: _cancel,
    ResolveAction.ACKNOWLEDGE: _acknowledge,
}
