"""SQL for count sheets and their lines, and the bin balances and positions a count compares with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, select, update

from ordertower.domain.inventory import InventoryStatus
from ordertower.domain.inventory.count_states import CountScope, CountSheetStatus
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.counts.ports import (
    BinBalance,
    CountLineRecord,
    CountSheetRecord,
    NewCountLine,
    SellablePosition,
)

from ..paging import by_id, to_page
from ..tables.catalog import products
from ..tables.counts import count_lines, count_sheets
from ..tables.inventory import stock_balances, stock_positions
from ..tables.locations import bins
from ..unique import unique_conflicts


class SqlCountSheets:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self,
        *,
        merchant_id: int,
        location_id: int,
        bin_id: int,
        scope: CountScope,
        blind: bool,
        note: str | None,
        user_id: int,
        lines: Sequence[NewCountLine],
    ) -> CountSheetRecord:
        with unique_conflicts({"uq_count_sheets_bin_in_progress": "bin_id"}):
            sheet_id = self._c.execute(
                insert(count_sheets)
                .values(
                    merchant_id=merchant_id,
                    location_id=location_id,
                    bin_id=bin_id,
                    scope=str(scope),
                    blind=blind,
                    note=note,
                    created_by_user_id=user_id,
                )
                .returning(count_sheets.c.id)
            ).scalar_one()
        self._add_lines(merchant_id, sheet_id, [(line, None) for line in lines])
        found = self.get(merchant_id=merchant_id, sheet_id=sheet_id)
        assert found is not None
        return found

    def get(
        self, *, merchant_id: int, sheet_id: int, lock: bool = False
    ) -> CountSheetRecord | None:
        c = count_sheets.c
        query = self._sheets().where(c.merchant_id == merchant_id, c.id == sheet_id)
        if lock:
            query = query.with_for_update(of=count_sheets)
        row = self._c.execute(query).first()
        return self._with_lines(merchant_id, [row])[0] if row else None

    def in_progress_for_bin(self, *, merchant_id: int, bin_id: int) -> int | None:
        c = count_sheets.c
        found: int | None = self._c.execute(
            select(c.id).where(
                c.merchant_id == merchant_id,
                c.bin_id == bin_id,
                c.status.in_(["open", "submitted"]),
            )
        ).scalar()
        return found

    def search(
        self, *, merchant_id: int, status: CountSheetStatus | None, page: PageRequest
    ) -> Page[CountSheetRecord]:
        c = count_sheets.c
        query = self._sheets().where(c.merchant_id == merchant_id)
        if status is not None:
            query = query.where(c.status == str(status))
        rows = self._c.execute(by_id(query, c.id, page)).all()
        return to_page(self._with_lines(merchant_id, rows), page, lambda s: s.id)

    def record_counts(
        self,
        *,
        merchant_id: int,
        sheet_id: int,
        counted: Mapping[int, int],
        found: Sequence[tuple[NewCountLine, int]],
        user_id: int,
        at: dt.datetime,
    ) -> None:
        line = count_lines.c
        self._c.execute(
            update(count_lines)
            .where(line.merchant_id == merchant_id, line.sheet_id == sheet_id)
            .values(counted=0)
        )
        for line_id, units in sorted(counted.items()):
            self._c.execute(
                update(count_lines)
                .where(line.merchant_id == merchant_id, line.id == line_id)
                .values(counted=units)
            )
        self._add_lines(merchant_id, sheet_id, list(found))
        c = count_sheets.c
        self._c.execute(
            update(count_sheets)
            .where(c.merchant_id == merchant_id, c.id == sheet_id)
            .values(status="submitted", submitted_at=at, submitted_by_user_id=user_id)
        )

    def mark(
        self,
        *,
        merchant_id: int,
        sheet_id: int,
        status: CountSheetStatus,
        user_id: int,
        at: dt.datetime,
    ) -> None:
        values: dict[str, Any] = {"status": str(status)}
        if status is CountSheetStatus.APPLIED:
            values.update(applied_at=at, applied_by_user_id=user_id)
        else:
            values.update(cancelled_at=at)
        c = count_sheets.c
        self._c.execute(
            update(count_sheets)
            .where(c.merchant_id == merchant_id, c.id == sheet_id)
            .values(values)
        )

    def bin_balances(
        self, *, merchant_id: int, bin_id: int, product_ids: Collection[int] | None
    ) -> list[BinBalance]:
        b = stock_balances.c
        query = (
            select(b.product_id, products.c.sku, b.status, b.lot, b.expires_on, b.on_hand)
            .join(
                products,
                and_(products.c.merchant_id == b.merchant_id, products.c.id == b.product_id),
            )
            .where(b.merchant_id == merchant_id, b.bin_id == bin_id, b.on_hand > 0)
            .order_by(products.c.sku, b.status, b.lot)
        )
        if product_ids is not None:
            query = query.where(b.product_id.in_(list(product_ids)))
        return [
            BinBalance(
                r.product_id, r.sku, InventoryStatus(r.status), r.lot, r.expires_on, r.on_hand
            )
            for r in self._c.execute(query).all()
        ]

    def sellable_positions(
        self, *, merchant_id: int, location_id: int, product_ids: Collection[int]
    ) -> dict[int, SellablePosition]:
        p = stock_positions.c
        rows = self._c.execute(
            select(p.product_id, p.sellable_on_hand, p.allocated).where(
                p.merchant_id == merchant_id,
                p.location_id == location_id,
                p.product_id.in_(list(product_ids)),
            )
        ).all()
        return {r.product_id: SellablePosition(r.sellable_on_hand, r.allocated) for r in rows}

    def _sheets(self) -> Any:
        return select(count_sheets, bins.c.code.label("bin_code")).join(
            bins, bins.c.id == count_sheets.c.bin_id
        )

    def _add_lines(
        self, merchant_id: int, sheet_id: int, lines: Sequence[tuple[NewCountLine, int | None]]
    ) -> None:
        if not lines:
            return
        self._c.execute(
            insert(count_lines),
            [
                {
                    "merchant_id": merchant_id,
                    "sheet_id": sheet_id,
                    "product_id": line.product_id,
                    "status": str(line.status),
                    "lot": line.lot,
                    "expires_on": line.expires_on,
                    "on_sheet": line.on_sheet,
                    "system_quantity": line.system_quantity,
                    "counted": counted,
                }
                for line, counted in lines
            ],
        )

    def _with_lines(self, merchant_id: int, rows: Sequence[Row[Any]]) -> list[CountSheetRecord]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        line = count_lines.c
        found: dict[int, list[CountLineRecord]] = {}
        for r in self._c.execute(
            select(count_lines, products.c.sku)
            .join(
                products,
                and_(products.c.merchant_id == line.merchant_id, products.c.id == line.product_id),
            )
            .where(line.merchant_id == merchant_id, line.sheet_id.in_(ids))
            .order_by(func.lower(products.c.sku), products.c.sku, line.status, line.lot)
        ).all():
            found.setdefault(r.sheet_id, []).append(
                CountLineRecord(
                    id=r.id,
                    product_id=r.product_id,
                    sku=r.sku,
                    status=InventoryStatus(r.status),
                    lot=r.lot,
                    expires_on=r.expires_on,
                    on_sheet=r.on_sheet,
                    system_quantity=r.system_quantity,
                    counted=r.counted,
                )
            )
        return [
            CountSheetRecord(
                id=r.id,
                merchant_id=r.merchant_id,
                location_id=r.location_id,
                bin_id=r.bin_id,
                bin_code=r.bin_code,
                scope=CountScope(r.scope),
                blind=r.blind,
                status=CountSheetStatus(r.status),
                note=r.note,
                created_at=r.created_at,
                submitted_at=r.submitted_at,
                applied_at=r.applied_at,
                cancelled_at=r.cancelled_at,
                lines=tuple(found.get(r.id, ())),
            )
            for r in rows
        ]


class CountRepositories:
    """Mixin for the unit of work: count sheets bound to its connection."""

    connection: Connection

    @property
    def count_sheets(self) -> SqlCountSheets:
        return SqlCountSheets(self.connection)
