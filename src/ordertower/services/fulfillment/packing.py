"""Packing scanned units into packages, and buying each package's label.

Recording the package and buying its label are two steps: a carrier is never called inside a
database transaction. The package is written first (its units counted as packed; the last one
moves the order picking → packed), then the label is bought and recorded. A label that fails
(an address the carrier refuses) leaves the package open: correct the problem and buy again.

A package holds units of one warehouse: it is packed, labelled (ship-from, carrier account) and
shipped there. An order split over warehouses is packed at each (`location_id`, see station.py);
it becomes packed only when every unit of the order, everywhere, is packed: units allocated at a
warehouse whose wave has not been released yet keep it picking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ordertower.domain.catalog.measures import Weight, WeightUnit
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import Conflict, FieldProblem, IllegalTransition, NotFound
from ordertower.domain.fulfillment import (
    MAX_PACKAGES_PER_ORDER,
    PackageInvalid,
    PackageMeasures,
    check_measures,
)
from ordertower.domain.orders import OrderState
from ordertower.domain.shipping import ServiceLevel, ShipMethod, ship_method_for
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.orders.transitions import lock_orders, move_order
from ordertower.services.shipping.ports import Parcel, Shipment, ShipmentAddress

from .ports import Carriers, FloorOrder, Label, NewPackage, PackageRow, TaskLine
from .station import station_location
from .unit_of_work import FulfillmentUnitOfWork
from .waves import floor_actor

PACKABLE = frozenset({OrderState.PICKING, OrderState.PARTIALLY_SHIPPED})


def pack_package(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    measures: PackageMeasures,
    contents: Mapping[str, int] | None = None,
    location_id: int | None = None,
) -> PackageRow:
    """Put scanned, unpacked units (all of them, or `contents` {sku: units}) into a new package,
    at `location_id` (default: the one warehouse where the order has units waiting to be packed)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    check_measures(measures)
    with uow:
        state = lock_orders(uow, merchant_id, [order_id])[order_id].state
        if state not in PACKABLE:
            raise IllegalTransition(
                f"Order {order_id} is {state}: units are packed while it is picking.",
                field="order_id",
            )
        store = uow.fulfillment
        order = store.floor_orders(merchant_id, [order_id])[order_id]
        every_task = store.tasks(merchant_id, order_id=order_id, lock=True)
        where = station_location(
            uow, order_id, every_task, location_id, busy=lambda t: t.to_pack > 0, doing="pack"
        )
        if where is None:
            raise Conflict(
                "No scanned unit waits to be packed: scan units first.", field="contents"
            )
        tasks = [t for t in every_task if t.location_id == where]
        taken = _take(tasks, contents)
        method = ship_method_for(ChannelKind(order.channel), ServiceLevel(order.service_level))
        account = store.carrier_account_for(merchant_id, carrier=method.carrier, location_id=where)
        if account is None:
            raise Conflict(
                f"No active {method.carrier} carrier account is set up for this merchant at this "
                "warehouse; add one (with its tracking number range) before packing.",
                field="carrier",
            )
        number = len(store.packages(merchant_id, order_id=order_id)) + 1
        if number > MAX_PACKAGES_PER_ORDER:
            raise Conflict(f"An order has at most {MAX_PACKAGES_PER_ORDER} packages.")
        dims = measures.dimensions
        package_id = store.add_package(
            merchant_id,
            NewPackage(
                order_id=order_id,
                weight_value=measures.weight.value,
                weight_unit=str(measures.weight.unit),
                weight_lb=measures.weight.pounds,
                dimensions=(dims.length, dims.width, dims.height) if dims else None,
                dimension_unit=str(dims.unit) if dims else None,
                dimensions_in=(dims.length_in, dims.width_in, dims.height_in) if dims else None,
                carrier=method.carrier,
                service_code=method.service_code,
                service_name=method.service_name,
                carrier_account_id=account.id,
                created_by_user_id=principal.user_id,
            ),
            taken,
        )
        store.count_tasks(merchant_id, {task_id: {"packed": n} for task_id, n in taken.items()})
        packed_all = all(
            t.to_pick == 0 and t.to_pack == taken.get(t.id, 0) for t in every_task
        ) and not any(a.unplanned > 0 for a in store.open_allocations(merchant_id, [order_id]))
        if packed_all and state is OrderState.PICKING:
            move_order(
                uow,
                merchant_id=merchant_id,
                order_id=order_id,
                to=OrderState.PACKED,
                actor=floor_actor(principal),
                note=f"packed in {number} package(s)",
                actor_user_id=principal.user_id,
            )
        [package] = store.packages(merchant_id, package_id=package_id)
        uow.commit()
    return package


def label_package(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    package_id: int,
    carriers: Carriers,
) -> PackageRow:
    """Buy the package's label from its carrier (once: a labelled package keeps its label)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        package = find_package(uow, merchant_id, package_id)
        if package.tracking_number is not None:
            return package
        store = uow.fulfillment
        account = next(
            (a for a in store.carrier_accounts(merchant_id) if a.id == package.carrier_account_id),
            None,
        )
        if account is None:
            raise Conflict("The package's carrier account is gone; pack it again.", field="carrier")
        order = store.floor_orders(merchant_id, [package.order_id])[package.order_id]
        tasks = store.tasks(merchant_id, order_id=package.order_id)
        task = next((t for t in tasks if t.id in package.contents), tasks[0])
        shipment = _shipment(
            order,
            package,
            store.ship_from(task.location_id),
            count=len(store.packages(merchant_id, order_id=order.id)),
        )
    carrier = carriers.carrier_for(account)
    bought = carrier.buy_label(shipment)
    with uow:
        [package] = store_packages(uow, merchant_id, package_id, lock=True)
        if package.tracking_number is None:
            label = Label(bought.tracking_number, bought.label_pdf, bought.label_zpl)
            uow.fulfillment.set_label(merchant_id, package_id, label, uow.now())
            [package] = store_packages(uow, merchant_id, package_id)
            uow.commit()
            return package
    carrier.void(bought.tracking_number)  # another request labelled it first: keep that label
    return package


def get_package(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, package_id: int
) -> PackageRow:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return find_package(uow, merchant_id, package_id)


def package_label(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int, package_id: int
) -> Label:
    principal.require(Permission.READ, merchant_id)
    with uow:
        find_package(uow, merchant_id, package_id)
        label = uow.fulfillment.label(merchant_id, package_id)
    if label is None:
        raise NotFound(f"Package {package_id} has no label yet; buy it first.", field="package_id")
    return label


def find_package(
    uow: FulfillmentUnitOfWork, merchant_id: int, package_id: int, *, lock: bool = False
) -> PackageRow:
    found = store_packages(uow, merchant_id, package_id, lock=lock)
    if not found:
        raise NotFound(
            f"Package {package_id} does not exist for this merchant.", field="package_id"
        )
    return found[0]


def store_packages(
    uow: FulfillmentUnitOfWork, merchant_id: int, package_id: int, *, lock: bool = False
) -> list[PackageRow]:
    return uow.fulfillment.packages(merchant_id, package_id=package_id, lock=lock)


def _take(tasks: list[TaskLine], contents: Mapping[str, int] | None) -> dict[int, int]:
    """Pick task id → units to pack, from the scanned, unpacked units in walking order."""
    taken: dict[int, int] = {}
    if contents is None:
        taken = {t.id: t.to_pack for t in tasks if t.to_pack > 0}
        if not taken:
            raise Conflict(
                "No scanned unit waits to be packed: scan units first.", field="contents"
            )
        return taken
    problems: list[FieldProblem] = []
    for sku, units in sorted(contents.items()):
        field = f"contents.{sku}"
        waiting = [t for t in tasks if t.sku == sku and t.to_pack > 0]
        ready = sum(t.to_pack for t in waiting)
        if isinstance(units, bool) or units < 1:
            problems.append(FieldProblem(field, "not_positive", "Pack at least 1 unit."))
        elif units > ready:
            problems.append(
                FieldProblem(
                    field, "not_scanned", f"Only {ready} × {sku} are scanned and not yet packed."
                )
            )
        else:
            for task in waiting:
                n = min(units, task.to_pack)
                if n:
                    taken[task.id] = n
                    units -= n
    if not contents:
        problems.append(FieldProblem("contents", "empty", "Name at least one SKU to pack."))
    if problems:
        raise PackageInvalid(problems)
    return taken


def _shipment(
    order: FloorOrder, package: PackageRow, ship_from: Mapping[str, Any], *, count: int
) -> Shipment:
    to = order.ship_to
    return Shipment(
        reference=order.number[:40],
        ship_from=ShipmentAddress(
            name=str(ship_from.get("name") or ""),
            street=tuple(s for s in (ship_from.get("line1"), ship_from.get("line2")) if s),
            city=str(ship_from.get("city") or ""),
            postal_code=str(ship_from.get("postal_code") or ""),
            country=str(ship_from.get("country") or ""),
            region=str(ship_from.get("region") or ""),
        ),
        ship_to=ShipmentAddress(
            name=str(to.get("name") or ""),
            company=str(to.get("company") or ""),
            street=tuple(str(to[k]) for k in ("line1", "line2", "line3") if to.get(k)),
            city=str(to.get("city") or ""),
            postal_code=str(to.get("postal_code") or ""),
            country=str(to.get("country") or ""),
            region=str(to.get("region") or ""),
            phone=order.phone,
        ),
        method=_method(package),
        parcel=Parcel(weight=Weight(package.weight_value, WeightUnit(package.weight_unit))),
        package_number=package.number,
        package_count=max(count, package.number),
    )


def _method(package: PackageRow) -> ShipMethod:
    return ShipMethod(
        carrier=package.carrier,
        service_code=package.service_code,
        service_name=package.service_name,
    )
