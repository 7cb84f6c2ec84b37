"""The order pipeline: map lines to SKUs, check the address, route, allocate, park what cannot go.

`run_pipeline` takes orders in `received` (others are left alone) inside the caller's transaction,
as one batch: the catalog, the routing policy, the locations and the free stock are read once;
every order is routed in Python against availability the batch spends as it goes; then the whole
batch is allocated with one lock of the positions in (product, location) order and set-based
writes. An order ends allocated, or parked with an exception item saying why: needs_attention
(unmapped listing, blocked SKU, unusual bundle, bad address), backordered (not enough stock,
including stock lost to a concurrent order between routing and allocation) or on_hold (a rule or
the default holds it); a dropship order is allocated and gets a request for its vendor. A ship-by
deadline at risk only flags the order. Items carry a raise key, so a re-run never duplicates one;
pipeline items that no longer apply are resolved by the re-run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ordertower.domain.exception_queue import SubjectKind
from ordertower.domain.inventory import Reference, ReferenceKind
from ordertower.domain.orders import (
    PARKS_IN,
    WORK_REMAINING,
    Actor,
    ActorKind,
    OrderExceptionReason,
    OrderState,
    ShipByRisk,
    address_problems,
    resolve_lines,
    ship_by_risk,
)
from ordertower.domain.orders.lines import LineProblem, ResolvedLine
from ordertower.domain.routing import (
    Assigned,
    Destination,
    Dropshipped,
    Held,
    HoldReason,
    RoutingDecision,
    RoutingLine,
    RoutingOrder,
    RoutingPolicy,
    ZoneTable,
    route_order,
)
from ordertower.services.dropship.planning import open_requests, plan_dropship
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.exception_queue.ports import NewExceptionItem
from ordertower.services.inventory.allocation import (
    BatchAllocation,
    allocate_batch_in_transaction,
)
from ordertower.services.inventory.ports import PositionRef
from ordertower.services.routing.policies import load_policy

from .flow_uow import OrderFlowUnitOfWork
from .pipeline_inputs import BatchCatalog, BatchStock
from .ports import OrderHead
from .records import RoutingRecord, StoredOrder
from .transitions import Move, lock_orders, move_orders

PIPELINE = Actor(ActorKind.SYSTEM, "pipeline")
DROPSHIP_QUEUE = "dropship"
_R = OrderExceptionReason
# Reasons the pipeline raises by itself, and so resolves by itself when a re-run no longer finds
# them; the others (holds, changes by the channel, short picks) wait for a person.
PIPELINE_REASONS = frozenset(
    {
        _R.UNMAPPED_LISTING,
        _R.BLOCKED_SKU,
        _R.INVALID_ADDRESS,
        _R.INSUFFICIENT_STOCK,
        _R.UNUSUAL_BUNDLE,
        _R.SHIP_BY_AT_RISK,
    }
)


def raise_key(order_id: int, reason: OrderExceptionReason, line_id: str | None = None) -> str:
    return f"order:{order_id}:{reason}:{line_id or ''}"[:150]


def order_item(
    stored: StoredOrder,
    reason: OrderExceptionReason,
    message: str,
    *,
    line_id: str | None = None,
    sku: str | None = None,
    key: str | None = None,
    **details: Any,
) -> NewExceptionItem:
    """An exception item about an order (or one of its lines), idempotent by its raise key."""
    return NewExceptionItem(
        reason_code=str(reason),
        subject_kind=str(SubjectKind.ORDER),
        subject_id=str(stored.id),
        message=message,
        details={
            "order_id": stored.id,
            "external_order_id": stored.order.external_order_id,
            "channel_account_id": stored.order.channel_account_id,
            "line_id": line_id,
            "sku": sku,
            **details,
        },
        raise_key=key or raise_key(stored.id, reason, line_id),
    )


@dataclass(slots=True)
class _Outcome:
    stored: StoredOrder
    to: OrderState
    note: str
    hold_queue: str | None = None
    routing: dict[str, Any] = field(default_factory=dict)
    explanation: str = ""
    line_units: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    items: list[NewExceptionItem] = field(default_factory=list)
    allocation: BatchAllocation | None = None


def run_pipeline(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    order_ids: Sequence[int],
    actor: Actor = PIPELINE,
    *,
    policy: tuple[RoutingPolicy, ZoneTable] | None = None,
    fresh: bool = False,
    known: Mapping[int, StoredOrder] | None = None,
) -> dict[int, OrderState]:
    """Run the pipeline for the orders in `received` among `order_ids`; their new states.

    `policy` replaces the merchant's (a person choosing another location); `fresh` says the orders
    were just captured, so they have no exception items to look at yet; `known` are orders the
    caller has just written (not read back). Fresh orders that are all known were inserted by this
    very transaction: no other transaction can see them, so they are not locked (a lock would only
    write a lock mark on every new row) and their heads are what the insert stored.
    """
    if fresh and known is not None and all(i in known for i in order_ids):
        heads = _inserted_heads(uow, merchant_id, order_ids, known)
    else:
        heads = lock_orders(uow, merchant_id, order_ids)
    ids = sorted(i for i, head in heads.items() if head.state is OrderState.RECEIVED)
    if not ids:
        return {}
    book = uow.order_book
    unknown = [i for i in ids if known is None or i not in known]
    stored = {**(known or {}), **book.orders(merchant_id, unknown)}
    orders = [stored[i] for i in ids]
    catalog = BatchCatalog(
        book.catalog_facts(
            merchant_id,
            {
                (s.order.channel_account_id, line.channel_sku)
                for s in orders
                for line in s.order.lines
                if line.channel_sku is not None
            },
            {line.sku for s in orders for line in s.order.lines if line.sku is not None},
        )
    )
    routing_policy, zones = policy or load_policy(uow, merchant_id)
    locations = book.order_locations(merchant_id)
    items_skus = {p.id: p.sku for p in catalog.facts.products.values() if p.kind != "bundle"}
    stock = BatchStock.of(
        locations, book.free_stock(merchant_id, items_skus, locations), items_skus
    )
    now = uow.now()
    outcomes = [
        _route(s, catalog, stock, routing_policy, zones, heads[s.id].version) for s in orders
    ]
    _allocate(uow, merchant_id, outcomes)
    for outcome in outcomes:
        _flag_ship_by(outcome, now)
    # An order that changes state takes its decision along in the same write (one new row version
    # instead of two); one that stays where it is gets the decision stored on its own.
    staying = {o.stored.id for o in outcomes if heads[o.stored.id].state is o.to}
    book.save_routing(
        merchant_id,
        [RoutingRecord(o.stored.id, o.routing if o.stored.id in staying else None, o.explanation,
                       o.line_units) for o in outcomes],
    )  # fmt: skip
    move_orders(
        uow,
        merchant_id=merchant_id,
        heads=heads,
        moves=[Move(o.stored.id, o.to, o.note[:2000], o.hold_queue, o.routing, o.explanation)
               for o in outcomes],
        actor=actor,
    )  # fmt: skip
    open_requests(uow, merchant_id, rerun=() if fresh else ids,
                  allocated=[(o.stored.id, o.routing, o.line_units) for o in outcomes
                             if o.to is OrderState.ALLOCATED])  # fmt: skip
    raised = [item for o in outcomes for item in o.items]
    if not fresh:
        _resolve_what_no_longer_applies(uow, merchant_id, ids, raised)
    raise_items(uow, merchant_id=merchant_id, items=raised)
    return {o.stored.id: o.to for o in outcomes}


def route_dry(
    stored: StoredOrder,
    catalog: BatchCatalog,
    stock: BatchStock,
    policy: RoutingPolicy,
    zones: ZoneTable,
) -> OrderState:
    """The state `run_pipeline` would move the order to against `stock` (which an assignment
    spends, as in a batch), writing nothing: the backorder job's check (backorders.py)."""
    return _route(stored, catalog, stock, policy, zones, 0).to


def _inserted_heads(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    order_ids: Sequence[int],
    known: Mapping[int, StoredOrder],
) -> dict[int, OrderHead]:
    """Heads of orders this transaction inserted: `state_changed_at` defaults to now(), which is
    the transaction's start time, the same value `uow.now()` reads."""
    at = uow.now()
    return {
        i: OrderHead(i, merchant_id, known[i].state, at, known[i].version, known[i].hold_queue)
        for i in sorted(set(order_ids))
    }


def _route(
    stored: StoredOrder,
    catalog: BatchCatalog,
    stock: BatchStock,
    policy: RoutingPolicy,
    zones: ZoneTable,
    version: int,
) -> _Outcome:
    order = stored.order
    resolved = resolve_lines(order.lines, catalog.mappings(order.channel_account_id))
    resolved = tuple(_check_bundles(line, catalog) for line in resolved)
    line_units = {r.line_id: list(r.units) for r in resolved if r.resolved}
    problems = [p for r in resolved for p in r.problems]
    address = address_problems(order.ship_to, order.service_level)
    if problems or address:
        return _needs_attention(stored, problems, address, line_units)
    routing_order = RoutingOrder(
        channel_kind=order.channel,
        channel_account_id=order.channel_account_id,
        service_level=order.service_level,
        destination=Destination.local(
            country=order.ship_to.country,
            region=order.ship_to.region,
            postal_code=order.ship_to.postal_code,
        ),
        lines=tuple(
            RoutingLine(line_id=r.line_id, sku=sku, units=units)
            for r in resolved
            for sku, units in r.units
        ),
        order_value=order.total,
        currency=order.currency,
    )
    decision = route_order(
        routing_order,
        availability=stock.view(catalog.listing_locations(stored)),
        policy=policy,
        zones=zones,
    )
    outcome = _decided(stored, decision, stock, catalog, version)
    outcome.line_units = line_units
    return outcome


def _check_bundles(line: ResolvedLine, catalog: BatchCatalog) -> ResolvedLine:
    """A line that still draws a bundle SKU drew a kit without components: it cannot be kitted."""
    empty = [sku for sku, _ in line.units if sku in catalog.empty_bundles]
    if not empty:
        return line
    message = (
        f"Bundle {empty[0]} has no components, so it cannot be kitted; give it its components "
        "in the catalog or map the line to another SKU, then retry."
    )
    problem = LineProblem(_R.UNUSUAL_BUNDLE, line.line_id, message, empty[0])
    return ResolvedLine(line.line_id, (), (problem,))


def _needs_attention(
    stored: StoredOrder,
    problems: Sequence[LineProblem],
    address: Sequence[Any],
    line_units: dict[str, list[tuple[str, int]]],
) -> _Outcome:
    items = [
        order_item(stored, p.reason, p.message, line_id=p.line_id, sku=p.sku) for p in problems
    ]
    if address:
        message = "The ship-to address cannot be shipped to: " + "; ".join(
            a.message for a in address
        )
        items.append(
            order_item(
                stored,
                _R.INVALID_ADDRESS,
                message,
                problems=[
                    {"field": a.field, "code": a.code, "message": a.message} for a in address
                ],
            )
        )
    sentences = [p.message for p in problems] + [a.message for a in address]
    return _Outcome(
        stored,
        OrderState.NEEDS_ATTENTION,
        "; ".join(sentences),
        routing={"kind": "not_routed", "reasons": sorted({i.reason_code for i in items})},
        explanation="Not routed: " + "; ".join(sentences),
        line_units=line_units,
        items=items,
    )


def _decided(
    stored: StoredOrder,
    decision: RoutingDecision,
    stock: BatchStock,
    catalog: BatchCatalog,
    version: int,
) -> _Outcome:
    text = decision.text
    if isinstance(decision, Assigned):
        units: dict[PositionRef, int] = {}
        for assignment in decision.assignments:
            location_id = stock.code_to_id[assignment.location]
            for part in assignment.lines:
                stock.spend(assignment.location, part.sku, part.units)
                ref = PositionRef(catalog.by_sku[part.sku], location_id)
                units[ref] = units.get(ref, 0) + part.units
        return _Outcome(
            stored,
            OrderState.ALLOCATED,
            text,
            routing=_assigned_json(decision),
            explanation=text,
            allocation=BatchAllocation(
                Reference(ReferenceKind.ORDER, str(stored.id)),
                f"order:{stored.id}:v{version}",
                units,
            ),
        )
    if isinstance(decision, Dropshipped):
        # The vendor ships it: allocated (at the vendor when it tracks stock with us) with a
        # dropship request opened after the batch (services/dropship/planning.py).
        plan = plan_dropship(stored, decision, stock, catalog, version)
        if plan is not None:
            return _Outcome(stored, OrderState.ALLOCATED, text, routing=plan.routing,
                            explanation=text, allocation=plan.allocation)  # fmt: skip
        # The vendor is not one of the merchant's active locations: a person decides.
        message = (
            f"Routed to dropship vendor {decision.vendor_location}: send the order to the "
            "vendor, then release or cancel it here."
        )
        return _Outcome(
            stored,
            OrderState.ON_HOLD,
            text,
            hold_queue=DROPSHIP_QUEUE,
            routing={"kind": "dropshipped", "rule": decision.rule,
                     "vendor_location": decision.vendor_location},
            explanation=text,
            items=[order_item(stored, _R.MANUAL_HOLD, message, queue=DROPSHIP_QUEUE)],
        )  # fmt: skip
    return _held(stored, decision)


def _held(stored: StoredOrder, decision: Held) -> _Outcome:
    routing = {"kind": "held", "rule": decision.rule, "queue": decision.queue,
               "reason": str(decision.reason)}  # fmt: skip
    if decision.reason is HoldReason.INSUFFICIENT_STOCK:
        reason = _R.INSUFFICIENT_STOCK
        message = f"Not enough sellable stock where this order may ship from: {decision.text}"
    else:
        reason = _R.MANUAL_HOLD
        message = f"Held in queue {decision.queue} by the routing rules: {decision.text}"
    parks = PARKS_IN[reason]
    assert parks is not None
    return _Outcome(
        stored,
        parks,
        decision.text,
        hold_queue=decision.queue,
        routing=routing,
        explanation=decision.text,
        items=[order_item(stored, reason, message, queue=decision.queue)],
    )


def _assigned_json(decision: Assigned) -> dict[str, Any]:
    return {
        "kind": "assigned",
        "rule": decision.rule,
        "splits": decision.splits,
        "assignments": [
            {
                "location": a.location,
                "lines": [
                    {"line_id": part.line_id, "sku": part.sku, "units": part.units}
                    for part in a.lines
                ],
            }
            for a in decision.assignments
        ],
    }


def _allocate(uow: OrderFlowUnitOfWork, merchant_id: int, outcomes: Sequence[_Outcome]) -> None:
    """Allocate every assigned order at once; one that lost its stock to a race is backordered."""
    requests = [o.allocation for o in outcomes if o.allocation is not None]
    if not requests:
        return
    result = allocate_batch_in_transaction(uow, merchant_id=merchant_id, requests=requests)
    for outcome in outcomes:
        if outcome.allocation is None or outcome.allocation.reference not in result.short:
            continue
        short = result.short[outcome.allocation.reference]
        why = (
            f"routed ({outcome.explanation}) but the stock was taken meanwhile: "
            f"{sum(short.values())} unit(s) short"
        )
        outcome.to = OrderState.BACKORDERED
        outcome.hold_queue = "backorder"
        outcome.note = why
        outcome.explanation = why
        outcome.routing = {**outcome.routing, "allocation": "short"}
        outcome.allocation = None
        outcome.items.append(
            order_item(
                outcome.stored,
                _R.INSUFFICIENT_STOCK,
                f"Not enough sellable stock when allocating: {why}.",
            )
        )


def _flag_ship_by(outcome: _Outcome, now: Any) -> None:
    order = outcome.stored.order
    if order.ship_by is None:
        return
    risk = ship_by_risk(
        ship_by=order.ship_by,
        now=now,
        work_remaining=WORK_REMAINING.get(outcome.to, WORK_REMAINING[OrderState.RECEIVED]),
    )
    if risk in (ShipByRisk.AT_RISK, ShipByRisk.LATE):
        when = "has passed" if risk is ShipByRisk.LATE else "is close for the work left"
        message = (
            f"The ship-by deadline {order.ship_by:%Y-%m-%d %H:%M} UTC {when}; "
            "ship it first, choose a closer location, or acknowledge."
        )
        outcome.items.append(
            order_item(outcome.stored, _R.SHIP_BY_AT_RISK, message, risk=str(risk))
        )


def _resolve_what_no_longer_applies(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    order_ids: Sequence[int],
    raised: Sequence[NewExceptionItem],
) -> None:
    keys = {item.raise_key for item in raised}
    stale = [
        item.id
        for item in uow.order_book.open_items(merchant_id, order_ids)
        if item.reason_code in PIPELINE_REASONS and item.raise_key not in keys
    ]
    uow.order_book.close_items(
        merchant_id,
        stale,
        note="No longer applies: the pipeline ran again and did not find it.",
        user_id=None,
    )


def units_by_position(units: Mapping[PositionRef, int]) -> list[tuple[int, int, int]]:
    return [(ref.product_id, ref.location_id, n) for ref, n in sorted(units.items())]
