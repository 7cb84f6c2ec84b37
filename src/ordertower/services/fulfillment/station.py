"""The pick/pack station: every scanned unit judged against what the order still needs.

A scan is recorded whatever its outcome: accepted units count on the order's pick tasks (the first
one moves the order released → picking); a wrong item, one too many or an unknown code is refused
with a message saying what to do, and kept as a prevented error. A scan's client id makes a
resubmission (scanner bounce, retried request) a no-op that returns the first answer.

A short pick (the picker finds fewer units in the bin than the task says), in one transaction:
releases the missing units from the order's allocation; moves them (as many as the books still
hold there) out of the bin's sellable pool into `hold` with a status change that cites the order,
so the next wave does not send a picker for them again and available-to-sell drops (posting
enqueues the recompute); raises a SHORT_PICK exception item that asks for a count of the bin (the
count settles the truth: units found go back to sellable, units not found are written off); and
parks the order in needs_attention (a partially shipped order cannot go back: it only is flagged).

A station works for one warehouse. An order split over several warehouses (see waves.py) is
scanned and packed at each against that warehouse's pick tasks only: `location_id` says which;
without it, the warehouse is the one where the order has units left to pick (to pack), and a
request that would fit several is refused, asking for `location_id`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ordertower.domain.errors import IllegalTransition, InvalidInput, NotFound
from ordertower.domain.fulfillment import PREVENTED_ERRORS, ScanOutcome, judge_scan
from ordertower.domain.inventory import (
    IdempotencyKeyReused,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.inventory.effects import StepEffects, StockEffect, replay
from ordertower.domain.inventory.scan_codes import read_scan
from ordertower.domain.orders import OrderExceptionReason, OrderState
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.exception_queue.ports import NewExceptionItem
from ordertower.services.inventory.ports import BalanceRef, PositionRef
from ordertower.services.inventory.posting import Planned, post_in_transaction
from ordertower.services.inventory.recompute_jobs import defer_recompute
from ordertower.services.orders.transitions import lock_orders, move_order
from ordertower.services.receiving.scanning import check_client_id

from .ports import FloorOrder, NewScanEvent, PackageRow, ScanEvent, TaskLine
from .unit_of_work import FulfillmentUnitOfWork
from .waves import floor_actor

# A split order that shipped from one warehouse is still picked at the others.
PICKABLE = frozenset({OrderState.RELEASED, OrderState.PICKING, OrderState.PARTIALLY_SHIPPED})
MAX_STATION_LENGTH = 64
SHORT_PICK_NOTE = "short pick"  # the status change's note starts with it (the ledger's "why")


@dataclass(frozen=True, slots=True, kw_only=True)
class StationLine:
    """One SKU of the order at the station: ordered, scanned, short, packed, shipped, still needed."""

    sku: str
    ordered: int
    picked: int
    short: int
    packed: int
    shipped: int
    bins: tuple[str, ...]  # where the units still to pick are, in walking order

    @property
    def still_needed(self) -> int:
        return self.ordered - self.short - self.picked


@dataclass(frozen=True, slots=True)
class StationView:
    """Everything a station screen shows for one order."""

    order: FloorOrder
    lines: list[StationLine]
    tasks: list[TaskLine]
    scans: list[ScanEvent]
    packages: list[PackageRow]
    location_id: int | None = None  # the warehouse shown (None: every warehouse of the order)

    @property
    def complete(self) -> bool:
        """Every unit that can be picked (at the warehouse shown) is scanned."""
        return all(line.still_needed == 0 for line in self.lines)

    @property
    def prevented_errors(self) -> int:
        """Wrong items and extra units the station refused (the order-accuracy KPI counts them)."""
        return sum(1 for s in self.scans if s.outcome in PREVENTED_ERRORS)


@dataclass(frozen=True, slots=True)
class Scanned:
    scan: ScanEvent
    replayed: bool  # submitted before with this client id: nothing changed
    view: StationView

    @property
    def accepted(self) -> bool:
        return self.scan.outcome is ScanOutcome.ACCEPTED


def scan_unit(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    code: str,
    client_scan_id: str,
    station: str = "",
    location_id: int | None = None,
) -> Scanned:
    """Judge one scanned unit for the order and record the scan (refused ones too), against the
    order's pick tasks at `location_id` (default: the one warehouse with units left to pick)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    client_id = check_client_id(client_scan_id, field="client_scan_id")
    lookup = read_scan(code)
    station = _check_station(station)
    with uow:
        heads = lock_orders(uow, merchant_id, [order_id])
        store = uow.fulfillment
        earlier = store.scan_by_client_id(merchant_id, client_id)
        if earlier is not None:
            if earlier.order_id != order_id or earlier.code != lookup.code:
                raise IdempotencyKeyReused(
                    f"Scan {client_id!r} was already recorded for order {earlier.order_id} "
                    f"({earlier.code}); send a new client_scan_id for a new scan.",
                    field="client_scan_id",
                )
            return Scanned(earlier, True, _view(uow, merchant_id, order_id, location_id))
        state = heads[order_id].state
        if state not in PICKABLE:
            raise IllegalTransition(
                f"Order {order_id} is {state}: only released, picking or partially shipped "
                "orders take scans.",
                field="order_id",
            )
        every_task = store.tasks(merchant_id, order_id=order_id, lock=True)
        where = station_location(
            uow, order_id, every_task, location_id, busy=lambda t: t.to_pick > 0, doing="pick"
        )
        tasks = [t for t in every_task if where is None or t.location_id == where]
        found = uow.floor.products_by_code(merchant_id=merchant_id, lookup=lookup)
        sku = found[0].sku if len(found) == 1 else None
        ordered: dict[str, int] = defaultdict(int)
        needed: dict[str, int] = defaultdict(int)
        for task in tasks:
            ordered[task.sku] += task.quantity - task.short
            needed[task.sku] += task.to_pick
        judged = judge_scan(code=lookup.code, sku=sku, still_needed=needed, ordered=ordered)
        task_id = None
        if judged.accepted:
            task_id = next(t.id for t in tasks if t.sku == sku and t.to_pick > 0)
            store.count_tasks(merchant_id, {task_id: {"picked": 1}})
            if state is OrderState.RELEASED:
                move_order(
                    uow,
                    merchant_id=merchant_id,
                    order_id=order_id,
                    to=OrderState.PICKING,
                    actor=floor_actor(principal),
                    note="first unit scanned",
                    actor_user_id=principal.user_id,
                )
        added = store.add_scan(
            merchant_id,
            NewScanEvent(
                order_id=order_id,
                wave_id=tasks[0].wave_id if tasks else None,
                client_scan_id=client_id,
                code=lookup.code,
                product_id=found[0].id if len(found) == 1 else None,
                pick_task_id=task_id,
                outcome=judged.outcome,
                message=judged.message,
                station=station,
                actor_user_id=principal.user_id,
            ),
        )
        view = _view(uow, merchant_id, order_id, where)
        uow.commit()
    return Scanned(added, False, view)


def report_short_pick(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    pick_task_id: int,
    quantity: int | None = None,
    note: str = "",
) -> StationView:
    """The bin holds fewer units than the task says: release the missing ones from the order, move
    them from the bin's sellable pool to hold, raise a SHORT_PICK item asking for a count of the
    bin and park the order in needs_attention. `quantity` defaults to every unit still to pick."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        state = lock_orders(uow, merchant_id, [order_id])[order_id].state
        if state not in PICKABLE:
            raise IllegalTransition(
                f"Order {order_id} is {state}: a short pick is reported while it is picked.",
                field="order_id",
            )
        tasks = {t.id: t for t in uow.fulfillment.tasks(merchant_id, order_id=order_id, lock=True)}
        task = tasks.get(pick_task_id)
        if task is None:
            raise NotFound(
                f"Pick task {pick_task_id} is not one of order {order_id}'s tasks.",
                field="pick_task_id",
            )
        short = task.to_pick if quantity is None else quantity
        if isinstance(short, bool) or not 1 <= short <= task.to_pick:
            raise InvalidInput(
                f"Task {pick_task_id} has {task.to_pick} units left to pick; report 1 to that many "
                "as short.",
                field="quantity",
            )
        uow.fulfillment.count_tasks(merchant_id, {task.id: {"short": short}})
        _give_back(uow, merchant_id, task, short)
        held = _hold_missing(uow, principal, merchant_id, task, short)
        _raise_short_pick(uow, merchant_id, task, short, held, note.strip()[:500])
        actor = floor_actor(principal)
        for step in _park_steps(state):
            move_order(
                uow,
                merchant_id=merchant_id,
                order_id=order_id,
                to=step,
                actor=actor,
                note=f"short pick: {short} × {task.sku} at {task.bin_code or 'no bin'}",
                actor_user_id=principal.user_id,
            )
        view = _view(uow, merchant_id, order_id, task.location_id)
        uow.commit()
    return view


def station_view(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    order_id: int,
    location_id: int | None = None,
) -> StationView:
    """The station screen for an order: at one warehouse, or (None) over all its warehouses."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return _view(uow, merchant_id, order_id, location_id)


def station_location(
    uow: FulfillmentUnitOfWork,
    order_id: int,
    tasks: Sequence[TaskLine],
    location_id: int | None,
    *,
    busy: Callable[[TaskLine], bool],
    doing: str,
) -> int | None:
    """The warehouse a station request works at: `location_id` when given (the order must have
    pick tasks there), else the one warehouse with `busy` tasks, else the only warehouse of the
    order's tasks (None: several, nothing busy, or no task at all). Several busy: refused."""
    at = {t.location_id for t in tasks}
    if location_id is not None:
        if location_id not in at:
            raise InvalidInput(
                f"Order {order_id} has no pick task at location {location_id}.",
                field="location_id",
            )
        return location_id
    busy_at = sorted({t.location_id for t in tasks if busy(t)})
    if len(busy_at) > 1:
        codes = uow.inventory.locations(busy_at)
        named = ", ".join(codes[i].code if i in codes else str(i) for i in busy_at)
        raise InvalidInput(
            f"Order {order_id} has units to {doing} at several warehouses ({named}): "
            "give the location_id of this station's warehouse.",
            field="location_id",
        )
    if busy_at:
        return busy_at[0]
    return next(iter(at)) if len(at) == 1 else None


def _park_steps(state: OrderState) -> tuple[OrderState, ...]:
    """released → picking → needs_attention; a partially shipped order stays (only flagged)."""
    if state is OrderState.PARTIALLY_SHIPPED:
        return ()
    first = (OrderState.PICKING,) if state is OrderState.RELEASED else ()
    return (*first, OrderState.NEEDS_ATTENTION)


def _view(
    uow: FulfillmentUnitOfWork, merchant_id: int, order_id: int, location_id: int | None = None
) -> StationView:
    store = uow.fulfillment
    order = store.floor_orders(merchant_id, [order_id]).get(order_id)
    if order is None:
        raise NotFound(f"Order {order_id} does not exist for this merchant.", field="order_id")
    tasks = [
        t
        for t in store.tasks(merchant_id, order_id=order_id)
        if location_id is None or t.location_id == location_id
    ]
    task_ids = {t.id for t in tasks}
    wave_ids = {t.wave_id for t in tasks}
    scans = store.scans(merchant_id, order_id)
    packages = store.packages(merchant_id, order_id=order_id)
    if location_id is not None:
        scans = [s for s in scans if s.wave_id in wave_ids]
        packages = [p for p in packages if set(p.contents) <= task_ids]
    lines: dict[str, dict[str, int]] = {}
    bins: dict[str, list[str]] = defaultdict(list)
    for t in tasks:
        counts = lines.setdefault(t.sku, defaultdict(int))
        for name in ("quantity", "picked", "short", "packed", "shipped"):
            counts[name] += getattr(t, name)
        if t.to_pick > 0:
            bins[t.sku].append(t.bin_code or "(no bin)")
    return StationView(
        order,
        [
            StationLine(
                sku=sku,
                ordered=c["quantity"],
                picked=c["picked"],
                short=c["short"],
                packed=c["packed"],
                shipped=c["shipped"],
                bins=tuple(bins[sku]),
            )
            for sku, c in sorted(lines.items())
        ],
        tasks,
        scans,
        packages,
        location_id,
    )


def _give_back(uow: FulfillmentUnitOfWork, merchant_id: int, task: TaskLine, units: int) -> None:
    """Release `units` of the task's allocation: the position's allocated count goes down too."""
    store = uow.inventory
    ref = PositionRef(task.product_id, task.location_id)
    held = store.lock_positions(merchant_id, [ref])
    step = StepEffects(
        (StockEffect(ref, f"{task.sku} (sellable)", allocated=-units),),
        what=f"releasing {units} × {task.sku} short-picked",
    )
    net = replay([step], held)
    store.change_allocations(merchant_id, {task.allocation_id: -units})
    store.apply_positions(merchant_id, {}, net.allocated, 0, held.keys())
    defer_recompute(uow.jobs, merchant_id, [task.product_id])


def _hold_missing(
    uow: FulfillmentUnitOfWork, principal: Principal, merchant_id: int, task: TaskLine, units: int
) -> int:
    """Move the missing units (at most what the books hold there) from the bin's sellable pool to
    hold, citing the order; returns how many moved. Runs after `_give_back`, so the position's
    allocated count already fell by `units` and stays within what is left sellable."""
    ref = BalanceRef(task.product_id, task.location_id, task.bin_id or 0, "sellable", task.lot)
    balance = uow.inventory.lock_balances(merchant_id, [ref]).get(ref)
    moving = min(units, balance.on_hand if balance else 0)
    if moving <= 0:
        return 0

    def place(status: InventoryStatus) -> Place:
        return Place(task.location_id, task.bin_id, status, task.lot or None, task.expires_on)

    where = task.bin_code or "no bin"
    post_in_transaction(
        uow,
        merchant_id=merchant_id,
        planned=[
            Planned(
                MovementRequest(
                    merchant_id=merchant_id,
                    sku=task.sku,
                    kind=MovementKind.STATUS_CHANGE,
                    quantity=moving,
                    from_place=place(InventoryStatus.SELLABLE),
                    to_place=place(InventoryStatus.HOLD),
                    reference=Reference(ReferenceKind.ORDER, str(task.order_id)),
                    # `short` only grows, so each report of the task has its own key.
                    idempotency_key=f"short_pick:task:{task.id}:{task.short + units}",
                    actor=f"user:{principal.user_id}",
                    note=f"{SHORT_PICK_NOTE}: {units} × {task.sku} not found at {where} for "
                    f"order {task.order_number} (pick task {task.id}); held until the bin is "
                    "counted",
                )
            )
        ],
        actor_user_id=principal.user_id,
    )
    return moving


def _raise_short_pick(
    uow: FulfillmentUnitOfWork,
    merchant_id: int,
    task: TaskLine,
    short: int,
    held: int,
    note: str,
) -> None:
    where = task.bin_code or "the location (no bin)"
    raise_items(
        uow,
        merchant_id=merchant_id,
        items=[
            NewExceptionItem(
                reason_code=str(OrderExceptionReason.SHORT_PICK),
                subject_kind="order",
                subject_id=str(task.order_id),
                message=(
                    f"Order {task.order_number}: {short} × {task.sku} not found in {where}; "
                    f"{held} moved to hold there. Count {where} (the count settles the hold), "
                    "then allocate from another location, split or cancel."
                ),
                details={
                    "pick_task_id": task.id,
                    "wave_id": task.wave_id,
                    "sku": task.sku,
                    "bin_id": task.bin_id,
                    "bin_code": task.bin_code,
                    "lot": task.lot,
                    "short": short,
                    "held": held,
                    "note": note,
                    # The count this item asks for: the bin, and the units held in it.
                    "count": {
                        "location_id": task.location_id,
                        "bin_id": task.bin_id,
                        "bin_code": task.bin_code,
                        "sku": task.sku,
                        "lot": task.lot,
                        "held": held,
                    },
                },
                raise_key=f"short_pick:{task.id}:{task.short + short}",
            )
        ],
    )


def _check_station(station: str) -> str:
    text = station.strip()
    if len(text) > MAX_STATION_LENGTH:
        raise InvalidInput(
            f"station is at most {MAX_STATION_LENGTH} characters (a name like PACK-3).",
            field="station",
        )
    return text
