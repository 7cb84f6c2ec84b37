"""SQL for the floor: wave candidates and free bin stock, waves and pick tasks, station scans."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, text

from ordertower.domain.fulfillment import (
    WAVE_STATES,
    BinStock,
    PlannedPick,
    ScanOutcome,
    WaveCandidate,
)
from ordertower.domain.orders import OrderState
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.shipping import ServiceLevel
from ordertower.services.fulfillment.ports import (
    FloorOrder,
    NewScanEvent,
    NewWave,
    OpenAllocation,
    ScanEvent,
    TaskLine,
    WaveSummary,
)

from ..paging import after_id, to_page
from ..tables.catalog import products
from ..tables.fulfillment import pick_tasks, scan_events, waves
from ..tables.locations import locations
from ..tables.orders import orders
from .fulfillment_packages import PackageRepositoryMixin

# An order can take a wave at this warehouse while it has an allocation here with units on no pick
# task: allocated orders (their first wave), and orders already on the floor elsewhere (a split).
_CANDIDATES = text(
    "SELECT o.id, o.channel, o.service_level, o.ship_by, o.placed_at FROM orders o"
    " WHERE o.merchant_id = :m AND o.state = ANY(CAST(:states AS text[]))"
    " AND (CAST(:before AS timestamptz) IS NULL OR o.ship_by < CAST(:before AS timestamptz))"
    " AND (cardinality(CAST(:levels AS text[])) = 0 OR o.service_level = ANY(:levels))"
    " AND (cardinality(CAST(:channels AS text[])) = 0 OR o.channel = ANY(:channels))"
    " AND EXISTS (SELECT 1 FROM stock_allocations a WHERE a.merchant_id = o.merchant_id"
    "   AND a.reference_kind = 'order' AND a.reference_id = o.id::text AND a.quantity > 0"
    "   AND a.location_id = :location"
    "   AND a.quantity > COALESCE((SELECT sum(t.quantity - t.short - t.shipped) FROM pick_tasks t"
    "     WHERE t.merchant_id = o.merchant_id AND t.order_id = o.id"
    "     AND t.allocation_id = a.id), 0))"
    " ORDER BY o.ship_by NULLS LAST, o.placed_at, o.id LIMIT :limit"
)
# Units of each allocation on open tasks are planned already; the rest still needs a bin.
_OPEN_ALLOCATIONS = text(
    "SELECT a.id, a.reference_id, a.product_id, p.sku, a.location_id, a.quantity,"
    " a.quantity - COALESCE((SELECT sum(t.quantity - t.short - t.shipped) FROM pick_tasks t"
    "   WHERE t.merchant_id = a.merchant_id AND t.order_id = CAST(a.reference_id AS bigint)"
    "   AND t.allocation_id = a.id), 0) AS unplanned"
    " FROM stock_allocations a JOIN products p"
    "   ON p.merchant_id = a.merchant_id AND p.id = a.product_id"
    " WHERE a.merchant_id = :m AND a.reference_kind = 'order'"
    " AND a.reference_id = ANY(CAST(:ids AS text[])) AND a.quantity > 0"
    " ORDER BY a.reference_id, a.id"
)
_FREE_STOCK = text(
    "SELECT b.product_id, b.bin_id, COALESCE(bn.code, '') AS bin_code,"
    " COALESCE(bn.sort_key, '') AS sort_key, bn.zone_id, z.kind AS zone_kind, b.lot, b.expires_on,"
    " b.on_hand - COALESCE((SELECT sum(t.quantity - t.short - t.shipped) FROM pick_tasks t"
    "   WHERE t.merchant_id = b.merchant_id AND t.product_id = b.product_id"
    "   AND t.location_id = b.location_id AND t.bin_id IS NOT DISTINCT FROM b.bin_id"
    "   AND t.lot = b.lot AND t.shipped + t.short < t.quantity), 0) AS free"
    " FROM stock_balances b LEFT JOIN bins bn ON bn.id = b.bin_id"
    " LEFT JOIN zones z ON z.id = bn.zone_id"
    " WHERE b.merchant_id = :m AND b.location_id = :location AND b.status = 'sellable'"
    " AND b.product_id = ANY(CAST(:products AS bigint[])) AND b.on_hand > 0"
    " AND (b.bin_id IS NULL OR bn.active)"
)
_WAVE_SUMMARY = (
    "SELECT w.id, w.location_id, l.code AS location_code, w.criteria, w.left_out, w.order_count,"
    " w.unit_count, w.created_at,"
    " COALESCE(sum(t.picked), 0) AS picked, COALESCE(sum(t.short), 0) AS short,"
    " COALESCE(sum(t.shipped), 0) AS shipped"
    " FROM waves w JOIN locations l ON l.id = w.location_id"
    " LEFT JOIN pick_tasks t ON t.merchant_id = w.merchant_id AND t.wave_id = w.id"
    " WHERE w.merchant_id = :m {where} GROUP BY w.merchant_id, w.id, l.code ORDER BY w.id {limit}"
)
_TASKS = (
    "SELECT t.*, p.sku, bn.code AS bin_code, bn.sort_key, z.code AS zone_code,"
    " COALESCE(o.channel_order_number, o.external_order_id) AS order_number"
    " FROM pick_tasks t JOIN products p ON p.merchant_id = t.merchant_id AND p.id = t.product_id"
    " JOIN orders o ON o.merchant_id = t.merchant_id AND o.id = t.order_id"
    " LEFT JOIN bins bn ON bn.id = t.bin_id LEFT JOIN zones z ON z.id = bn.zone_id"
    " WHERE t.merchant_id = :m {where} ORDER BY t.wave_id, t.sequence, t.id {lock}"
)
_COUNT = text(
    "UPDATE pick_tasks t SET picked = t.picked + c.picked, short = t.short + c.short,"
    " packed = t.packed + c.packed, shipped = t.shipped + c.shipped"
    " FROM jsonb_to_recordset(CAST(:changes AS jsonb))"
    "   AS c(id bigint, picked int, short int, packed int, shipped int)"
    " WHERE t.merchant_id = :m AND t.id = c.id"
)


class SqlFulfillment(PackageRepositoryMixin):
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def floor_orders(self, merchant_id: int, order_ids: Collection[int]) -> dict[int, FloorOrder]:
        o = orders.c
        rows = self._c.execute(
            select(
                o.id,
                o.channel,
                o.external_order_id,
                o.channel_order_number,
                o.service_level,
                o.ship_by,
                o.state,
                o.ship_to,
                o.customer,
            ).where(o.merchant_id == merchant_id, o.id.in_(list(order_ids)))
        ).all()
        return {
            r.id: FloorOrder(
                id=r.id,
                channel=r.channel,
                external_order_id=r.external_order_id,
                channel_order_number=r.channel_order_number,
                service_level=ServiceLevel(r.service_level),
                ship_by=r.ship_by,
                state=OrderState(r.state),
                ship_to=r.ship_to or {},
                # The carrier calls the recipient: the ship-to phone first, the buyer's if none.
                phone=str((r.ship_to or {}).get("phone") or (r.customer or {}).get("phone") or ""),
            )
            for r in rows
        }

    def wave_candidates(
        self,
        merchant_id: int,
        *,
        location_id: int,
        ship_by_before: dt.datetime | None,
        service_levels: Collection[str],
        channels: Collection[str],
        limit: int,
    ) -> list[WaveCandidate]:
        rows = self._c.execute(
            _CANDIDATES,
            {
                "m": merchant_id,
                "states": sorted(WAVE_STATES),
                "location": location_id,
                "before": ship_by_before,
                "levels": list(service_levels),
                "channels": list(channels),
                "limit": limit,
            },
        ).all()
        return [
            WaveCandidate(
                order_id=r.id,
                channel=r.channel,
                service_level=ServiceLevel(r.service_level),
                ship_by=r.ship_by,
                placed_at=r.placed_at,
            )
            for r in rows
        ]

    def open_allocations(
        self, merchant_id: int, order_ids: Collection[int]
    ) -> list[OpenAllocation]:
        rows = self._c.execute(
            _OPEN_ALLOCATIONS, {"m": merchant_id, "ids": [str(i) for i in order_ids]}
        ).all()
        return [
            OpenAllocation(
                allocation_id=r.id,
                order_id=int(r.reference_id),
                product_id=r.product_id,
                sku=r.sku,
                location_id=r.location_id,
                remaining=r.quantity,
                unplanned=r.unplanned,
            )
            for r in rows
        ]

    def free_stock(
        self, merchant_id: int, *, location_id: int, product_ids: Collection[int]
    ) -> list[BinStock]:
        rows = self._c.execute(
            _FREE_STOCK, {"m": merchant_id, "location": location_id, "products": list(product_ids)}
        ).all()
        return [
            BinStock(
                product_id=r.product_id,
                bin_id=r.bin_id,
                bin_code=r.bin_code,
                sort_key=r.sort_key,
                zone_id=r.zone_id,
                lot=r.lot,
                expires_on=r.expires_on,
                free=r.free,
                zone_kind=r.zone_kind,
            )
            for r in rows
            if r.free > 0
        ]

    def ship_from(self, location_id: int) -> Mapping[str, Any]:
        c = locations.c
        row = self._c.execute(
            select(
                c.name, c.address_line1, c.address_line2, c.city, c.region, c.postal_code, c.country
            ).where(c.id == location_id)
        ).one()
        return {
            "name": row.name,
            "line1": row.address_line1,
            "line2": row.address_line2,
            "city": row.city,
            "region": row.region,
            "postal_code": row.postal_code,
            "country": row.country,
        }

    def lock_wave_planning(self, merchant_id: int, location_id: int) -> None:
        self._c.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('waves'), hashtext(:key))"),
            {"key": f"{merchant_id}:{location_id}"},
        )

    def add_wave(self, merchant_id: int, wave: NewWave) -> int:
        wave_id: int = self._c.execute(
            insert(waves)
            .values(
                merchant_id=merchant_id,
                location_id=wave.location_id,
                criteria=dict(wave.criteria),
                left_out=[dict(x) for x in wave.left_out],
                order_count=wave.order_count,
                unit_count=wave.unit_count,
                created_by_user_id=wave.created_by_user_id,
            )
            .returning(waves.c.id)
        ).scalar_one()
        return wave_id

    def add_tasks(self, merchant_id: int, wave_id: int, picks: Sequence[PlannedPick]) -> None:
        location_id = self._c.execute(
            select(waves.c.location_id).where(
                waves.c.merchant_id == merchant_id, waves.c.id == wave_id
            )
        ).scalar_one()
        self._c.execute(
            insert(pick_tasks),
            [
                {
                    "merchant_id": merchant_id,
                    "wave_id": wave_id,
                    "order_id": p.order_id,
                    "allocation_id": p.allocation_id,
                    "product_id": p.product_id,
                    "location_id": location_id,
                    "bin_id": p.bin_id,
                    "lot": p.lot,
                    "expires_on": p.expires_on,
                    "sequence": n,
                    "quantity": p.quantity,
                }
                for n, p in enumerate(picks, start=1)
            ],
        )

    def waves(self, merchant_id: int, page: PageRequest) -> Page[WaveSummary]:
        rows = self._c.execute(
            text(_WAVE_SUMMARY.format(where="AND w.id > :after", limit="LIMIT :limit")),
            {"m": merchant_id, "after": after_id(page), "limit": page.limit + 1},
        ).all()
        return to_page([_wave(r) for r in rows], page, lambda w: w.id)

    def wave(self, merchant_id: int, wave_id: int) -> WaveSummary | None:
        row = self._c.execute(
            text(_WAVE_SUMMARY.format(where="AND w.id = :id", limit="")),
            {"m": merchant_id, "id": wave_id},
        ).first()
        return _wave(row) if row else None

    def tasks(
        self,
        merchant_id: int,
        *,
        wave_id: int | None = None,
        order_id: int | None = None,
        lock: bool = False,
    ) -> list[TaskLine]:
        where = ""
        if wave_id is not None:
            where += " AND t.wave_id = :wave"
        if order_id is not None:
            where += " AND t.order_id = :order"
        sql = _TASKS.format(where=where, lock="FOR UPDATE OF t" if lock else "")
        rows = self._c.execute(
            text(sql), {"m": merchant_id, "wave": wave_id, "order": order_id}
        ).all()
        return [task_line(r) for r in rows]

    def count_tasks(self, merchant_id: int, changes: Mapping[int, Mapping[str, int]]) -> None:
        if not changes:
            return
        names = ("picked", "short", "packed", "shipped")
        rows = [{"id": i, **{n: c.get(n, 0) for n in names}} for i, c in sorted(changes.items())]
        self._c.execute(_COUNT, {"m": merchant_id, "changes": json.dumps(rows)})

    def scan_by_client_id(self, merchant_id: int, client_scan_id: str) -> ScanEvent | None:
        found = self._scans(merchant_id, scan_events.c.client_scan_id == client_scan_id)
        return found[0] if found else None

    def add_scan(self, merchant_id: int, scan: NewScanEvent) -> ScanEvent:
        scan_id = self._c.execute(
            insert(scan_events)
            .values(
                merchant_id=merchant_id,
                order_id=scan.order_id,
                wave_id=scan.wave_id,
                client_scan_id=scan.client_scan_id,
                code=scan.code,
                product_id=scan.product_id,
                pick_task_id=scan.pick_task_id,
                outcome=str(scan.outcome),
                message=scan.message,
                station=scan.station,
                actor_user_id=scan.actor_user_id,
            )
            .returning(scan_events.c.id)
        ).scalar_one()
        return self._scans(merchant_id, scan_events.c.id == scan_id)[0]

    def scans(self, merchant_id: int, order_id: int) -> list[ScanEvent]:
        return self._scans(merchant_id, scan_events.c.order_id == order_id)

    def _scans(self, merchant_id: int, condition: Any) -> list[ScanEvent]:
        s = scan_events.c
        rows = self._c.execute(
            select(
                s.id,
                s.order_id,
                s.wave_id,
                s.client_scan_id,
                s.code,
                products.c.sku,
                s.pick_task_id,
                s.outcome,
                s.message,
                s.station,
                s.at,
            )
            .select_from(
                scan_events.outerjoin(
                    products,
                    (products.c.merchant_id == s.merchant_id) & (products.c.id == s.product_id),
                )
            )
            .where(s.merchant_id == merchant_id, condition)
            .order_by(s.id)
        ).all()
        return [
            ScanEvent(
                id=r.id,
                order_id=r.order_id,
                wave_id=r.wave_id,
                client_scan_id=r.client_scan_id,
                code=r.code,
                sku=r.sku,
                pick_task_id=r.pick_task_id,
                outcome=ScanOutcome(r.outcome),
                message=r.message,
                station=r.station,
                at=r.at,
            )
            for r in rows
        ]


def _wave(r: Row[Any]) -> WaveSummary:
    return WaveSummary(
        id=r.id,
        location_id=r.location_id,
        location_code=r.location_code,
        criteria=r.criteria,
        left_out=r.left_out,
        order_count=r.order_count,
        unit_count=r.unit_count,
        units_picked=r.picked,
        units_short=r.short,
        units_shipped=r.shipped,
        created_at=r.created_at,
    )


def task_line(r: Row[Any]) -> TaskLine:
    """A pick task row (joined with its order, SKU, bin and zone) as the services see it."""
    return TaskLine(
        id=r.id,
        wave_id=r.wave_id,
        order_id=r.order_id,
        order_number=r.order_number,
        allocation_id=r.allocation_id,
        product_id=r.product_id,
        sku=r.sku,
        location_id=r.location_id,
        bin_id=r.bin_id,
        bin_code=r.bin_code,
        zone_code=r.zone_code,
        sort_key=r.sort_key,
        lot=r.lot,
        expires_on=r.expires_on,
        sequence=r.sequence,
        quantity=r.quantity,
        picked=r.picked,
        short=r.short,
        packed=r.packed,
        shipped=r.shipped,
    )


class FulfillmentRepositories:
    """Mixin for the unit of work: the floor's repository bound to its connection."""

    connection: Connection

    @property
    def fulfillment(self) -> SqlFulfillment:
        return SqlFulfillment(self.connection)
