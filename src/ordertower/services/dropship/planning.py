"""The pipeline's side of dropship: what a dropshipped order allocates, and its request row.

Routing says "the vendor at V ships this order". A vendor that tracks its stock with us (it has
free units of the order's SKUs in the batch's availability) gets the order's units allocated there
through the same batch allocation as a warehouse, so what we show as available stays true; a
vendor that reports no stock gets no allocation. Either way the order becomes allocated with a
dropship request for the vendor, opened once the batch's states are recorded. A re-run of the
pipeline (the order went back to received) cancels the order's earlier live request first, so an
order has at most one.

Known approximation: a vendor whose positions for the order's SKUs are all at zero free units
looks like a vendor that reports no stock (the batch only loads positions with free units), so
the order is dropshipped without an allocation rather than backordered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ordertower.domain.inventory import Reference, ReferenceKind
from ordertower.domain.orders import resolve_lines
from ordertower.domain.routing import Dropshipped
from ordertower.services.inventory.allocation import BatchAllocation
from ordertower.services.inventory.ports import PositionRef
from ordertower.services.orders.flow_uow import OrderFlowUnitOfWork
from ordertower.services.orders.pipeline_inputs import BatchCatalog, BatchStock
from ordertower.services.orders.records import StoredOrder

from .ports import DropshipLine, NewDropshipRequest

ROUTING_KIND = "dropship"


@dataclass(frozen=True, slots=True)
class DropshipPlan:
    routing: dict[str, Any]
    allocation: BatchAllocation | None


def plan_dropship(
    stored: StoredOrder,
    decision: Dropshipped,
    stock: BatchStock,
    catalog: BatchCatalog,
    version: int,
) -> DropshipPlan | None:
    """The routing record and the allocation (None: the vendor reports no stock) of a dropshipped
    order; None when the vendor is not one of the merchant's active locations."""
    vendor_id = stock.code_to_id.get(decision.vendor_location)
    if vendor_id is None:
        return None
    order = stored.order
    units: dict[str, int] = {}
    for line in resolve_lines(order.lines, catalog.mappings(order.channel_account_id)):
        for sku, n in line.units:
            units[sku] = units.get(sku, 0) + n
    listed = stock.free.get(decision.vendor_location, {})
    tracks = any(sku in listed for sku in units) and all(sku in catalog.by_sku for sku in units)
    allocation = None
    if tracks:
        for sku, n in units.items():
            stock.spend(decision.vendor_location, sku, n)
        allocation = BatchAllocation(
            Reference(ReferenceKind.ORDER, str(stored.id)),
            f"order:{stored.id}:v{version}",
            {PositionRef(catalog.by_sku[sku], vendor_id): n for sku, n in units.items()},
        )
    routing = {
        "kind": ROUTING_KIND,
        "rule": decision.rule,
        "vendor_location": decision.vendor_location,
        "vendor_location_id": vendor_id,
        "vendor_stock": tracks,
    }
    return DropshipPlan(routing, allocation)


def open_requests(
    uow: OrderFlowUnitOfWork,
    merchant_id: int,
    *,
    rerun: Sequence[int],
    allocated: Sequence[tuple[int, Mapping[str, Any], Mapping[str, Sequence[tuple[str, int]]]]],
) -> None:
    """After a pipeline batch: cancel the live requests of re-run orders (`rerun`, empty for
    orders just captured), then open one request per order the batch allocated to a vendor
    (`allocated`: order id, routing record, resolved units per line)."""
    new = [
        NewDropshipRequest(
            order_id=order_id,
            vendor_location_id=int(routing["vendor_location_id"]),
            lines=[
                DropshipLine(line_id=line_id, sku=sku, quantity=n)
                for line_id, drawn in line_units.items()
                for sku, n in drawn
            ],
        )
        for order_id, routing, line_units in allocated
        if routing.get("kind") == ROUTING_KIND
    ]
    if not rerun and not new:
        return
    store = uow.dropship
    if rerun:
        store.cancel_live(merchant_id, rerun, uow.now())
    if new:
        store.add(merchant_id, new)
