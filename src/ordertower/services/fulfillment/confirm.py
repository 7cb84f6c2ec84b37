"""Confirming shipment: labelled packages leave, their units leave the ledger, the channel is told.

One transaction per confirmation: a SHIPMENT movement per (package, pick task) out of the bin and
lot the units were picked from, consuming the allocation; the package marked shipped; the order
moved to shipped (or partially_shipped while units remain); and the tracking write-back job
enqueued with it (transactional outbox: rolled back, no job). Confirming a shipped package again
changes nothing: the movements' idempotency keys and the package state both say it shipped.

"Units remain" counts the whole order: units on pick tasks not yet shipped or short, and units
still allocated on no task (a split order's other warehouse, before its wave). So confirming one
warehouse's packages of a split order makes it partially_shipped, and the last warehouse's makes
it shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ordertower.domain.errors import Conflict, IllegalTransition
from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.orders import OrderState
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.posting import Planned, post_in_transaction
from ordertower.services.orders.transitions import lock_orders, move_order

from .packing import find_package
from .ports import PackageRow, TaskLine
from .unit_of_work import FulfillmentUnitOfWork
from .waves import floor_actor

SHIPPABLE = frozenset({OrderState.PICKING, OrderState.PACKED, OrderState.PARTIALLY_SHIPPED})
WRITE_BACK_TASK = "channels.confirm_shipment"


@dataclass(frozen=True, slots=True)
class Confirmed:
    order_id: int
    order_state: OrderState
    shipped: list[PackageRow]  # the packages this confirmation shipped (empty: all were already)


def confirm_package(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, package_id: int
) -> Confirmed:
    """Ship one labelled package."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        order_id = find_package(uow, merchant_id, package_id).order_id
        confirmed = _confirm(uow, principal, merchant_id, order_id, [package_id])
        uow.commit()
    return confirmed


def confirm_order(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    location_id: int | None = None,
) -> Confirmed:
    """Ship every labelled package of the order that has not shipped yet (at `location_id` only,
    when given: one warehouse of a split order)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        lock_orders(uow, merchant_id, [order_id])
        store = uow.fulfillment
        packages = store.packages(merchant_id, order_id=order_id)
        if location_id is not None:
            here = {
                t.id
                for t in store.tasks(merchant_id, order_id=order_id)
                if t.location_id == location_id
            }
            packages = [p for p in packages if set(p.contents) <= here]
        ids = [p.id for p in packages]
        if not ids:
            raise Conflict(f"Order {order_id} has no package yet: pack it first.", field="order_id")
        confirmed = _confirm(uow, principal, merchant_id, order_id, ids)
        uow.commit()
    return confirmed


def _confirm(
    uow: FulfillmentUnitOfWork,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    package_ids: list[int],
) -> Confirmed:
    state = lock_orders(uow, merchant_id, [order_id])[order_id].state
    store = uow.fulfillment
    packages = [find_package(uow, merchant_id, pid, lock=True) for pid in sorted(package_ids)]
    to_ship = [p for p in packages if p.state != "shipped"]
    if not to_ship:
        return Confirmed(order_id, state, [])
    if state not in SHIPPABLE:
        raise IllegalTransition(
            f"Order {order_id} is {state}: only picking, packed or partially shipped orders ship.",
            field="order_id",
        )
    unlabelled = [p.number for p in to_ship if p.tracking_number is None]
    if unlabelled:
        raise Conflict(
            f"Package {unlabelled[0]} of order {order_id} has no label yet: buy it first.",
            field="package_id",
        )
    tasks = {t.id: t for t in store.tasks(merchant_id, order_id=order_id, lock=True)}
    planned = [
        _shipment_movement(principal, merchant_id, package, tasks[task_id], units)
        for package in to_ship
        for task_id, units in sorted(package.contents.items())
    ]
    post_in_transaction(
        uow, merchant_id=merchant_id, planned=planned, actor_user_id=principal.user_id
    )
    shipped_units: dict[int, int] = {}
    for package in to_ship:
        for task_id, units in package.contents.items():
            shipped_units[task_id] = shipped_units.get(task_id, 0) + units
    store.count_tasks(merchant_id, {t: {"shipped": n} for t, n in shipped_units.items()})
    at = uow.now()
    for package in to_ship:
        store.mark_shipped(merchant_id, package.id, at)
        uow.jobs.defer(
            WRITE_BACK_TASK,
            coalesce_key=f"confirm_shipment:{merchant_id}:{package.id}",
            merchant_id=merchant_id,
            order_id=order_id,
            package_id=package.id,
        )
    remaining = any(
        t.quantity - t.short - t.shipped - shipped_units.get(t.id, 0) > 0 for t in tasks.values()
    ) or any(a.remaining > 0 for a in store.open_allocations(merchant_id, [order_id]))
    final = _move(uow, principal, merchant_id, order_id, state, remaining, to_ship)
    return Confirmed(
        order_id,
        final,
        [find_package(uow, merchant_id, p.id) for p in to_ship],
    )


def _move(
    uow: FulfillmentUnitOfWork,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    state: OrderState,
    remaining: bool,
    shipped: list[PackageRow],
) -> OrderState:
    """picking/packed → partially_shipped while units remain; → shipped when none do."""
    if remaining:
        steps = [OrderState.PARTIALLY_SHIPPED]
    elif state is OrderState.PICKING:
        steps = [OrderState.PACKED, OrderState.SHIPPED]
    else:
        steps = [OrderState.SHIPPED]
    tracking = ", ".join(p.tracking_number or "" for p in shipped)
    for step in steps:
        move_order(
            uow,
            merchant_id=merchant_id,
            order_id=order_id,
            to=step,
            actor=floor_actor(principal),
            note=f"tracking {tracking}",
            actor_user_id=principal.user_id,
        )
    return steps[-1]


def _shipment_movement(
    principal: Principal, merchant_id: int, package: PackageRow, task: TaskLine, units: int
) -> Planned:
    return Planned(
        MovementRequest(
            merchant_id=merchant_id,
            sku=task.sku,
            kind=MovementKind.SHIPMENT,
            quantity=units,
            from_place=Place(
                task.location_id, task.bin_id, InventoryStatus.SELLABLE, lot=task.lot or None
            ),
            to_place=None,
            reference=Reference(ReferenceKind.ORDER, str(package.order_id)),
            idempotency_key=f"ship:package:{package.id}:task:{task.id}",
            actor=f"user:{principal.user_id}",
            note=f"package {package.number}, tracking {package.tracking_number}",
        ),
        consumes_allocation=task.allocation_id,
    )
