"""SQL for taking orders off the floor: their open pick tasks and unshipped packages, voided."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, text

from ordertower.services.fulfillment.ports import TaskLine
from ordertower.services.fulfillment.recall import UnshippedPackage

from .fulfillment import task_line

_OPEN_TASKS = text(
    "SELECT t.*, p.sku, bn.code AS bin_code, bn.sort_key, z.code AS zone_code,"
    " COALESCE(o.channel_order_number, o.external_order_id) AS order_number"
    " FROM pick_tasks t JOIN products p ON p.merchant_id = t.merchant_id AND p.id = t.product_id"
    " JOIN orders o ON o.merchant_id = t.merchant_id AND o.id = t.order_id"
    " LEFT JOIN bins bn ON bn.id = t.bin_id LEFT JOIN zones z ON z.id = bn.zone_id"
    " WHERE t.merchant_id = :m AND t.order_id = ANY(CAST(:orders AS bigint[]))"
    " AND t.shipped + t.short < t.quantity ORDER BY t.id FOR UPDATE OF t"
)
_UNSHIPPED = text(
    "SELECT id, order_id, number, carrier, tracking_number, state FROM packages"
    " WHERE merchant_id = :m AND order_id = ANY(CAST(:orders AS bigint[]))"
    " AND state IN ('open', 'labelled') ORDER BY order_id, number FOR UPDATE"
)
# One assignment closes the task within its checks: picked + short = quantity and
# shipped <= packed <= picked all hold with picked = packed = shipped.
_VOID_TASKS = text(
    "UPDATE pick_tasks SET short = quantity - shipped, picked = shipped, packed = shipped"
    " WHERE merchant_id = :m AND id = ANY(CAST(:ids AS bigint[]))"
    " AND shipped + short < quantity"
)
# Voided, not deleted: the package, its contents and any label bought stay on record.
_VOID_PACKAGES = text(
    "UPDATE packages SET state = 'void', voided_at = now()"
    " WHERE merchant_id = :m AND id = ANY(CAST(:ids AS bigint[]))"
    " AND state IN ('open', 'labelled')"
)


class SqlFloorRecall:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def open_tasks(self, merchant_id: int, order_ids: Collection[int]) -> list[TaskLine]:
        rows = self._c.execute(_OPEN_TASKS, {"m": merchant_id, "orders": sorted(order_ids)})
        return [task_line(r) for r in rows]

    def unshipped_packages(
        self, merchant_id: int, order_ids: Collection[int]
    ) -> list[UnshippedPackage]:
        rows = self._c.execute(_UNSHIPPED, {"m": merchant_id, "orders": sorted(order_ids)})
        return [
            UnshippedPackage(
                id=r.id,
                order_id=r.order_id,
                number=r.number,
                carrier=r.carrier,
                tracking_number=r.tracking_number,
                state=r.state,
            )
            for r in rows
        ]

    def void_tasks(self, merchant_id: int, task_ids: Collection[int]) -> None:
        if task_ids:
            self._c.execute(_VOID_TASKS, {"m": merchant_id, "ids": sorted(task_ids)})

    def void_packages(self, merchant_id: int, package_ids: Collection[int]) -> None:
        if package_ids:
            self._c.execute(_VOID_PACKAGES, {"m": merchant_id, "ids": sorted(package_ids)})


class FloorRecallRepositories:
    """Mixin for the unit of work: the floor recall's repository bound to its connection."""

    connection: Connection

    @property
    def floor_recall(self) -> SqlFloorRecall:
        return SqlFloorRecall(self.connection)
