"""Promising sellable stock to orders (allocate), taking promises back (release), and shipping them.

Allocation draws only on the sellable position of one location. A bundle allocates each of its
components (nested bundles flattened) in one transaction, all or nothing. Positions are locked in
product order, so concurrent orders for bundles that share components never deadlock; the CHECK
`allocated <= sellable_on_hand` backs the rule in the database itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ordertower.domain.errors import Conflict, InvalidInput, NotFound
from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.inventory.effects import StepEffects, StockEffect, replay
from ordertower.domain.inventory.errors import IdempotencyKeyReused
from ordertower.domain.tenancy import Permission, Principal

from .ports import AllocationRow, InventoryStore, NewAllocation, PositionRef, ProductRef
from .posting import Planned, Posted, post_in_transaction
from .recompute_jobs import defer_recompute
from .unit_of_work import InventoryUnitOfWork

MAX_BUNDLE_DEPTH = 10


@dataclass(frozen=True, slots=True)
class AllocationRequest:
    sku: str
    quantity: int
    location_id: int
    reference: Reference
    idempotency_key: str


def allocate(
    uow: InventoryUnitOfWork, *, principal: Principal, merchant_id: int, request: AllocationRequest
) -> list[AllocationRow]:
    """Promise units of a SKU (or a bundle's components) at one location; a replay returns the same."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    _check(request)
    with uow:
        rows = allocate_in_transaction(uow, merchant_id=merchant_id, request=request)
        uow.commit()
    return rows


def allocate_in_transaction(
    uow: InventoryUnitOfWork, *, merchant_id: int, request: AllocationRequest
) -> list[AllocationRow]:
    store = uow.inventory
    product = store.products_by_sku(merchant_id, [request.sku]).get(request.sku)
    if product is None:
        raise NotFound(f"SKU {request.sku} is not in this merchant's catalog.", field="sku")
    if product.blocked:
        raise Conflict(f"{request.sku} is blocked; it cannot be allocated.", field="sku")
    needs = _units_needed(store, merchant_id, product, request.quantity)
    existing = store.allocations_by_key(merchant_id, request.idempotency_key)
    if existing:
        return _replayed(existing, needs, request)
    _check_location(store, merchant_id, request.location_id)
    refs = {PositionRef(pid, request.location_id): qty for pid, qty in sorted(needs.items())}
    held = store.lock_positions(merchant_id, list(refs))
    skus = store.products_by_id(merchant_id, needs)
    step = StepEffects(
        tuple(
            StockEffect(ref, f"{skus[ref.product_id].sku} (sellable)", allocated=qty)
            for ref, qty in refs.items()
        ),
        what=f"allocating {request.quantity} × {request.sku}",
    )
    net = replay([step], held)
    store.apply_positions(merchant_id, {}, net.allocated, 0, held.keys())
    bundle = product.id if product.kind == "bundle" else None
    rows = store.add_allocations(
        merchant_id,
        [
            NewAllocation(
                pid,
                request.location_id,
                qty,
                str(request.reference.kind),
                request.reference.id,
                bundle,
                request.idempotency_key,
            )
            for pid, qty in sorted(needs.items())
        ],
    )
    _recompute_later(uow, merchant_id, needs)
    return rows


@dataclass(frozen=True, slots=True)
class BatchAllocation:
    """Every unit one reference (an order) needs, per stocked product and location: all or none.

    Bundles are already flattened to their components. Each location's rows get the idempotency
    key `{key}:{location_id}` (the key must change from one attempt to the next).
    """

    reference: Reference
    idempotency_key: str
    units: Mapping[PositionRef, int]


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """Which references got their units (in request order) and what each refused one lacked."""

    allocated: tuple[Reference, ...]
    short: Mapping[Reference, Mapping[PositionRef, int]]  # units missing per position


def allocate_batch_in_transaction(
    uow: InventoryUnitOfWork, *, merchant_id: int, requests: Sequence[BatchAllocation]
) -> BatchOutcome:
    """Allocate many references at once: one lock of every position in (product, location) order,
    then each request in turn takes its units or none (a request that does not fit is refused and
    listed in `short`, never an error), then one update of the positions and one insert of the
    allocation rows. Raise nothing for lack of stock: the caller backorders the refused ones.
    """
    store = uow.inventory
    refs = sorted({ref for request in requests for ref in request.units})
    held = store.lock_positions(merchant_id, refs)
    free = {ref: held[ref].free if ref in held else 0 for ref in refs}
    taken: dict[PositionRef, int] = {}
    rows: list[NewAllocation] = []
    allocated: list[Reference] = []
    short: dict[Reference, dict[PositionRef, int]] = {}
    for request in requests:
        lacking = {ref: n - free[ref] for ref, n in request.units.items() if n > free[ref]}
        if lacking or not request.units:
            short[request.reference] = lacking
            continue
        for ref, n in sorted(request.units.items()):
            free[ref] -= n
            taken[ref] = taken.get(ref, 0) + n
            rows.append(
                NewAllocation(
                    ref.product_id,
                    ref.location_id,
                    n,
                    str(request.reference.kind),
                    request.reference.id,
                    None,
                    f"{request.idempotency_key}:{ref.location_id}",
                )
            )
        allocated.append(request.reference)
    if taken:
        store.apply_positions(merchant_id, {}, taken, 0, held.keys())
        store.insert_allocations(merchant_id, rows)
        _recompute_later(uow, merchant_id, {ref.product_id: 1 for ref in taken})
    return BatchOutcome(tuple(allocated), short)


def release_references_in_transaction(
    uow: InventoryUnitOfWork,
    *,
    merchant_id: int,
    reference_kind: ReferenceKind,
    reference_ids: Collection[str],
) -> int:
    """Give back every unit still promised to these references (orders cancelled or re-routed).

    Positions are locked in (product, location) order; returns the units released.
    """
    store = uow.inventory
    open_rows = store.open_allocations(merchant_id, str(reference_kind), reference_ids)
    if not open_rows:
        return 0
    back: dict[PositionRef, int] = {}
    for row in open_rows:
        ref = PositionRef(row.product_id, row.location_id)
        back[ref] = back.get(ref, 0) - row.quantity
    held = store.lock_positions(merchant_id, list(back))
    store.close_allocations(merchant_id, [row.id for row in open_rows])
    store.apply_positions(merchant_id, {}, back, 0, held.keys())
    _recompute_later(uow, merchant_id, {ref.product_id: 1 for ref in back})
    return -sum(back.values())


def release(
    uow: InventoryUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    allocation_id: int,
    quantity: int | None = None,
) -> AllocationRow:
    """Take back all (or `quantity`) of an allocation's remaining units."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        store = uow.inventory
        allocation = _allocation(store, merchant_id, allocation_id)
        amount = allocation.quantity if quantity is None else quantity
        if amount < 1 or amount > allocation.quantity:
            raise InvalidInput(
                f"Allocation {allocation_id} holds {allocation.quantity}; release 1 to that many.",
                field="quantity",
            )
        ref = PositionRef(allocation.product_id, allocation.location_id)
        held = store.lock_positions(merchant_id, [ref])
        store.change_allocations(merchant_id, {allocation_id: -amount})
        store.apply_positions(merchant_id, {}, {ref: -amount}, 0, held.keys())
        _recompute_later(uow, merchant_id, {allocation.product_id: amount})
        uow.commit()
        return _allocation(store, merchant_id, allocation_id)


def ship_allocated(
    uow: InventoryUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    allocation_id: int,
    quantity: int,
    bin_id: int | None,
    reference: Reference,
    idempotency_key: str,
    lot: str | None = None,
) -> Posted:
    """Ship allocated units from a bin (and lot): on hand and the allocation go down together."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        allocation = _allocation(uow.inventory, merchant_id, allocation_id)
        sku = uow.inventory.products_by_id(merchant_id, [allocation.product_id])[
            allocation.product_id
        ].sku
        request = MovementRequest(
            merchant_id=merchant_id,
            sku=sku,
            kind=MovementKind.SHIPMENT,
            quantity=quantity,
            from_place=Place(allocation.location_id, bin_id, InventoryStatus.SELLABLE, lot=lot),
            to_place=None,
            reference=reference,
            idempotency_key=idempotency_key,
            actor=f"user:{principal.user_id}",
        )
        [posted] = post_in_transaction(
            uow,
            merchant_id=merchant_id,
            planned=[Planned(request, consumes_allocation=allocation_id)],
            actor_user_id=principal.user_id,
        )
        uow.commit()
    return posted


def _check(request: AllocationRequest) -> None:
    if isinstance(request.quantity, bool) or request.quantity < 1:
        raise InvalidInput("quantity must be a whole number of at least 1.", field="quantity")
    if not request.idempotency_key.strip():
        raise InvalidInput("idempotency_key is required.", field="idempotency_key")
    if request.reference.kind not in ReferenceKind:
        raise InvalidInput("reference.kind is not known.", field="reference.kind")


def _units_needed(
    store: InventoryStore, merchant_id: int, product: ProductRef, quantity: int
) -> dict[int, int]:
    """Units per stocked product: the product itself, or its bundle components flattened."""
    needs: dict[int, int] = {}
    frontier = [(product.id, product.kind, quantity, 0)]
    while frontier:
        product_id, kind, qty, depth = frontier.pop()
        if kind != "bundle":
            needs[product_id] = needs.get(product_id, 0) + qty
            continue
        if depth > MAX_BUNDLE_DEPTH:
            raise InvalidInput("Bundles nest too deeply to allocate.", field="sku")
        components = store.bundle_components(merchant_id, product_id)
        if not components:
            raise Conflict(f"{product.sku} is a bundle without components.", field="sku")
        kinds = store.products_by_id(merchant_id, [c for c, _ in components])
        frontier.extend((c, kinds[c].kind, qty * n, depth + 1) for c, n in components)
    return needs


def _replayed(
    existing: list[AllocationRow], needs: dict[int, int], request: AllocationRequest
) -> list[AllocationRow]:
    promised = {row.product_id: row.allocated_quantity for row in existing}
    same_place = all(row.location_id == request.location_id for row in existing)
    if promised != needs or not same_place:
        raise IdempotencyKeyReused(
            f"Idempotency key {request.idempotency_key!r} was used for a different allocation.",
            field="idempotency_key",
        )
    return existing


def _check_location(store: InventoryStore, merchant_id: int, location_id: int) -> None:
    location = store.locations([location_id]).get(location_id)
    if location is None or location.merchant_id not in (None, merchant_id):
        raise NotFound(f"Location {location_id} does not exist.", field="location_id")


def _allocation(store: InventoryStore, merchant_id: int, allocation_id: int) -> AllocationRow:
    allocation = store.allocations(merchant_id, [allocation_id]).get(allocation_id)
    if allocation is None:
        raise NotFound(f"Allocation {allocation_id} not found.", field="allocation_id")
    return allocation


def _recompute_later(
    uow: InventoryUnitOfWork, merchant_id: int, products: Mapping[int, int]
) -> None:
    # One statement for any number of products (a savepoint and a defer each would be three round
    # trips per product, which a single order's allocation pays in full).
    if products:
        defer_recompute(uow.jobs, merchant_id, products)
