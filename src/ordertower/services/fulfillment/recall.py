"""Taking an order off the floor when it is cancelled or held: no picker keeps working on it.

Called inside the cancel or hold use case (orders/order_moves.py, order_actions.py, capture's
change-on-the-floor hold), after the order is locked and moved. In the same transaction:

- its open pick tasks are voided: the units not picked yet are no longer to pick (they leave the
  pick list, and stop holding their bin's units from the next wave), and the units picked but not
  shipped are counted back: the books never moved them out of their bin (a unit leaves the ledger
  only when its package ships), so the books are already right once they are back on the shelf;
- its packages not shipped yet are voided (state void, kept on record with their contents, which
  were those picked units); a label already printed is listed so someone voids it with the
  carrier and discards it;
- one RETURN_TO_BIN exception item per order lists what to put back where ("2 × SKU-A to A-2")
  and the labels to void, when there is anything physical to do. It only flags the order.

No stock movement is invented: allocations are the cancel's (released) or the hold's (kept until
a person releases the hold and the pipeline routes the order again) to deal with.

Voiding uses the task counters (no task state exists): the rest of the task is counted `short`
and `picked`/`packed` go back to what shipped, so `shipped + short = quantity` closes the task
exactly as a finished one; the item and the timeline say it was a recall, not a missing unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from ordertower.domain.orders import OrderExceptionReason
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.exception_queue.ports import NewExceptionItem
from ordertower.services.orders.unit_of_work import OrdersUnitOfWork

from .ports import TaskLine


@dataclass(frozen=True, slots=True, kw_only=True)
class UnshippedPackage:
    """A package of the order not shipped yet: open (no label) or labelled."""

    id: int
    order_id: int
    number: int
    carrier: str
    tracking_number: str | None
    state: str  # open | labelled


class FloorRecallStore(Protocol):
    def open_tasks(self, merchant_id: int, order_ids: Collection[int]) -> list[TaskLine]:
        """The orders' pick tasks with work left (`shipped + short < quantity`), locked FOR
        UPDATE, in id order."""
        ...

    def unshipped_packages(
        self, merchant_id: int, order_ids: Collection[int]
    ) -> list[UnshippedPackage]:
        """The orders' packages not shipped yet, locked FOR UPDATE, by order and number."""
        ...

    def void_tasks(self, merchant_id: int, task_ids: Collection[int]) -> None:
        """Close the tasks: `short` takes the rest of the quantity, `picked`/`packed` fall back to
        what shipped."""
        ...

    def void_packages(self, merchant_id: int, package_ids: Collection[int]) -> None:
        """Remove the unshipped packages and their contents."""
        ...


class FloorRecallUnitOfWork(OrdersUnitOfWork, Protocol):
    @property
    def floor_recall(self) -> FloorRecallStore: ...


@dataclass(frozen=True, slots=True)
class PutBack:
    """Units picked for an order that must go back to the bin (and lot) they came from."""

    order_id: int
    sku: str
    units: int
    location_id: int
    bin_id: int | None
    bin_code: str | None
    lot: str
    pick_task_id: int


@dataclass(frozen=True, slots=True)
class FloorRecall:
    """What a recall voided: tasks, packages, and the units to put back."""

    tasks_voided: int = 0
    packages_voided: tuple[UnshippedPackage, ...] = ()
    put_back: tuple[PutBack, ...] = ()


def recall_from_floor(
    uow: FloorRecallUnitOfWork, merchant_id: int, order_ids: Sequence[int], reason: str
) -> FloorRecall:
    """Void the orders' open pick tasks and unshipped packages; ask for picked units to go back.

    `reason` says why the orders left the floor (e.g. "cancelled by the channel"); it is written
    on the items. The orders must be locked by the caller. A no-op for orders with nothing open.
    """
    if not order_ids:
        return FloorRecall()
    store = uow.floor_recall
    tasks = store.open_tasks(merchant_id, order_ids)
    packages = store.unshipped_packages(merchant_id, order_ids)
    if not tasks and not packages:
        return FloorRecall()
    put_back = tuple(
        PutBack(
            t.order_id,
            t.sku,
            t.picked - t.shipped,
            t.location_id,
            t.bin_id,
            t.bin_code,
            t.lot,
            t.id,
        )
        for t in tasks
        if t.picked > t.shipped
    )
    store.void_packages(merchant_id, [p.id for p in packages])
    store.void_tasks(merchant_id, [t.id for t in tasks])
    _raise_put_back(uow, merchant_id, tasks, packages, put_back, reason)
    return FloorRecall(len(tasks), tuple(packages), put_back)


def _raise_put_back(
    uow: FloorRecallUnitOfWork,
    merchant_id: int,
    tasks: Sequence[TaskLine],
    packages: Sequence[UnshippedPackage],
    put_back: Sequence[PutBack],
    reason: str,
) -> None:
    units: dict[int, list[PutBack]] = defaultdict(list)
    for unit in put_back:
        units[unit.order_id].append(unit)
    labels: dict[int, list[UnshippedPackage]] = defaultdict(list)
    for package in packages:
        if package.tracking_number is not None:
            labels[package.order_id].append(package)
    numbers = {t.order_id: t.order_number for t in tasks}
    first_task = {t.order_id: t.id for t in reversed(tasks)}
    items = []
    for order_id in sorted(units.keys() | labels.keys()):
        number = numbers.get(order_id, str(order_id))
        todo = [
            f"put {u.units} × {u.sku} back in {u.bin_code or 'the location (no bin)'}"
            + (f" (lot {u.lot})" if u.lot else "")
            for u in units[order_id]
        ]
        todo += [
            f"void label {p.tracking_number} ({p.carrier}) of package {p.number} and discard it"
            for p in labels[order_id]
        ]
        items.append(
            NewExceptionItem(
                reason_code=str(OrderExceptionReason.RETURN_TO_BIN),
                subject_kind="order",
                subject_id=str(order_id),
                message=f"Order {number} left the floor ({reason}): " + "; ".join(todo) + ".",
                details={
                    "order_id": order_id,
                    "reason": reason,
                    "put_back": [
                        {
                            "sku": u.sku,
                            "units": u.units,
                            "location_id": u.location_id,
                            "bin_id": u.bin_id,
                            "bin_code": u.bin_code,
                            "lot": u.lot,
                            "pick_task_id": u.pick_task_id,
                        }
                        for u in units[order_id]
                    ],
                    "labels": [
                        {
                            "package_number": p.number,
                            "carrier": p.carrier,
                            "tracking_number": p.tracking_number,
                        }
                        for p in labels[order_id]
                    ],
                },
                # A task is voided once, so its id names this recall of the order.
                raise_key=f"return_to_bin:{order_id}:{first_task.get(order_id, 0)}",
            )
        )
    raise_items(uow, merchant_id=merchant_id, items=items)
