"""SQL for advance notices, receipts, their scans and putaways, and floor lookups by scanned code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, Table, and_, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ordertower.domain.inventory import InventoryStatus, PackageKind
from ordertower.domain.inventory.inbound_states import NoticeStatus, ReceiptStatus
from ordertower.domain.inventory.scan_codes import ScanLookup
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.inventory.ports import BinRef, ProductRef
from ordertower.services.receiving.ports import (
    NewNotice,
    NewPutaway,
    NewReceipt,
    NewScan,
    Notice,
    NoticeLine,
    NoticePackage,
    Receipt,
    ReceiptPutaway,
    ReceiptScan,
)

from ..paging import by_id, to_page
from ..tables.catalog import product_barcodes, products
from ..tables.locations import bins, zones
from ..tables.receiving import (
    inbound_lines,
    inbound_notices,
    inbound_packages,
    receipt_putaways,
    receipt_scans,
    receipts,
)
from ..unique import unique_conflicts


class SqlNotices:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, *, merchant_id: int, notice: NewNotice) -> Notice:
        with unique_conflicts({"uq_inbound_notices_reference": "reference"}):
            notice_id = self._c.execute(
                insert(inbound_notices)
                .values(
                    merchant_id=merchant_id,
                    reference=notice.reference,
                    location_id=notice.location_id,
                    destination=str(notice.destination),
                    expected_at=notice.expected_at,
                    note=notice.note,
                    created_by_user_id=notice.created_by_user_id,
                )
                .returning(inbound_notices.c.id)
            ).scalar_one()
        package_ids: dict[str, int] = {}
        for package in notice.packages:
            package_ids[package.label] = self._c.execute(
                insert(inbound_packages)
                .values(
                    merchant_id=merchant_id,
                    notice_id=notice_id,
                    kind=str(package.kind),
                    label=package.label,
                    parent_id=package_ids.get(package.parent_label or ""),
                )
                .returning(inbound_packages.c.id)
            ).scalar_one()
        self._c.execute(
            insert(inbound_lines),
            [
                {
                    "merchant_id": merchant_id,
                    "notice_id": notice_id,
                    "package_id": package_ids.get(line.package_label or ""),
                    "product_id": line.product_id,
                    "expected_quantity": line.quantity,
                }
                for line in notice.lines
            ],
        )
        found = self.get(merchant_id=merchant_id, notice_id=notice_id)
        assert found is not None
        return found

    def get(self, *, merchant_id: int, notice_id: int, lock: bool = False) -> Notice | None:
        c = inbound_notices.c
        query = select(inbound_notices).where(c.merchant_id == merchant_id, c.id == notice_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return self._with_contents(merchant_id, [row])[0] if row else None

    def reference_taken(self, *, merchant_id: int, reference: str) -> bool:
        c = inbound_notices.c
        found = self._c.execute(
            select(c.id).where(
                c.merchant_id == merchant_id, c.reference == reference, c.status != "cancelled"
            )
        ).first()
        return found is not None

    def search(
        self, *, merchant_id: int, status: NoticeStatus | None, page: PageRequest
    ) -> Page[Notice]:
        c = inbound_notices.c
        query = select(inbound_notices).where(c.merchant_id == merchant_id)
        if status is not None:
            query = query.where(c.status == str(status))
        rows = self._c.execute(by_id(query, c.id, page)).all()
        return to_page(self._with_contents(merchant_id, rows), page, lambda n: n.id)

    def set_status(
        self, *, merchant_id: int, notice_id: int, status: NoticeStatus, at: dt.datetime
    ) -> None:
        done = status in (NoticeStatus.CLOSED, NoticeStatus.CANCELLED)
        c = inbound_notices.c
        self._c.execute(
            update(inbound_notices)
            .where(c.merchant_id == merchant_id, c.id == notice_id)
            .values(status=str(status), closed_at=at if done else None)
        )

    def _with_contents(self, merchant_id: int, rows: Sequence[Row[Any]]) -> list[Notice]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        p = inbound_packages.c
        packages: dict[int, list[NoticePackage]] = {}
        for r in self._c.execute(
            select(inbound_packages)
            .where(p.merchant_id == merchant_id, p.notice_id.in_(ids))
            .order_by(p.id)
        ).all():
            packages.setdefault(r.notice_id, []).append(
                NoticePackage(r.id, PackageKind(r.kind), r.label, r.parent_id)
            )
        line = inbound_lines.c
        lines: dict[int, list[NoticeLine]] = {}
        for r in self._c.execute(
            select(inbound_lines, products.c.sku)
            .join(
                products,
                and_(products.c.merchant_id == line.merchant_id, products.c.id == line.product_id),
            )
            .where(line.merchant_id == merchant_id, line.notice_id.in_(ids))
            .order_by(line.id)
        ).all():
            lines.setdefault(r.notice_id, []).append(
                NoticeLine(r.id, r.product_id, r.sku, r.package_id, r.expected_quantity)
            )
        return [
            Notice(
                id=r.id,
                merchant_id=r.merchant_id,
                reference=r.reference,
                location_id=r.location_id,
                destination=InventoryStatus(r.destination),
                expected_at=r.expected_at,
                status=NoticeStatus(r.status),
                note=r.note,
                created_at=r.created_at,
                closed_at=r.closed_at,
                packages=tuple(packages.get(r.id, ())),
                lines=tuple(lines.get(r.id, ())),
            )
            for r in rows
        ]


class SqlReceipts:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, *, merchant_id: int, receipt: NewReceipt) -> Receipt:
        with unique_conflicts({"uq_receipts_notice": "notice_id"}):
            row = self._c.execute(
                insert(receipts)
                .values(
                    merchant_id=merchant_id,
                    notice_id=receipt.notice_id,
                    location_id=receipt.location_id,
                    receiving_bin_id=receipt.receiving_bin_id,
                    destination=str(receipt.destination),
                    arrived_at=receipt.arrived_at,
                    note=receipt.note,
                    created_by_user_id=receipt.created_by_user_id,
                )
                .returning(*receipts.c)
            ).one()
        return _receipt(row)

    def get(self, *, merchant_id: int, receipt_id: int, lock: bool = False) -> Receipt | None:
        c = receipts.c
        query = select(receipts).where(c.merchant_id == merchant_id, c.id == receipt_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return _receipt(row) if row else None

    def for_notice(self, *, merchant_id: int, notice_id: int) -> Receipt | None:
        c = receipts.c
        row = self._c.execute(
            select(receipts).where(c.merchant_id == merchant_id, c.notice_id == notice_id)
        ).first()
        return _receipt(row) if row else None

    def search(
        self, *, merchant_id: int, status: ReceiptStatus | None, page: PageRequest
    ) -> Page[Receipt]:
        c = receipts.c
        query = select(receipts).where(c.merchant_id == merchant_id)
        if status is not None:
            query = query.where(c.status == str(status))
        rows = self._c.execute(by_id(query, c.id, page)).all()
        return to_page([_receipt(r) for r in rows], page, lambda r: r.id)

    def add_scan(self, *, merchant_id: int, scan: NewScan) -> ReceiptScan | None:
        inserted = self._c.execute(
            pg_insert(receipt_scans)
            .values(
                merchant_id=merchant_id,
                receipt_id=scan.receipt_id,
                client_scan_id=scan.client_scan_id,
                scanned_code=scan.scanned_code,
                product_id=scan.product_id,
                quantity=scan.quantity,
                damaged=scan.damaged,
                status=str(scan.status),
                lot=scan.lot,
                expires_on=scan.expires_on,
                scanned_by_user_id=scan.user_id,
            )
            .on_conflict_do_nothing(index_elements=["merchant_id", "receipt_id", "client_scan_id"])
            .returning(receipt_scans.c.id)
        ).scalar()
        if inserted is None:
            return None
        return self._scans(merchant_id, receipt_scans.c.id == inserted)[0]

    def scan_by_client_id(
        self, *, merchant_id: int, receipt_id: int, client_scan_id: str
    ) -> ReceiptScan | None:
        c = receipt_scans.c
        found = self._scans(
            merchant_id, and_(c.receipt_id == receipt_id, c.client_scan_id == client_scan_id)
        )
        return found[0] if found else None

    def set_scan_movement(self, *, merchant_id: int, scan_id: int, movement_id: int) -> None:
        c = receipt_scans.c
        self._c.execute(
            update(receipt_scans)
            .where(c.merchant_id == merchant_id, c.id == scan_id)
            .values(movement_id=movement_id)
        )

    def scans(self, *, merchant_id: int, receipt_id: int) -> list[ReceiptScan]:
        return self._scans(merchant_id, receipt_scans.c.receipt_id == receipt_id)

    def add_putaway(self, *, merchant_id: int, putaway: NewPutaway) -> ReceiptPutaway | None:
        inserted = self._c.execute(
            pg_insert(receipt_putaways)
            .values(
                merchant_id=merchant_id,
                receipt_id=putaway.receipt_id,
                client_putaway_id=putaway.client_putaway_id,
                product_id=putaway.product_id,
                quantity=putaway.quantity,
                status=str(putaway.status),
                lot=putaway.lot,
                expires_on=putaway.expires_on,
                bin_id=putaway.bin_id,
                put_by_user_id=putaway.user_id,
            )
            .on_conflict_do_nothing(
                index_elements=["merchant_id", "receipt_id", "client_putaway_id"]
            )
            .returning(receipt_putaways.c.id)
        ).scalar()
        if inserted is None:
            return None
        return self._putaways(merchant_id, receipt_putaways.c.id == inserted)[0]

    def putaway_by_client_id(
        self, *, merchant_id: int, receipt_id: int, client_putaway_id: str
    ) -> ReceiptPutaway | None:
        c = receipt_putaways.c
        found = self._putaways(
            merchant_id,
            and_(c.receipt_id == receipt_id, c.client_putaway_id == client_putaway_id),
        )
        return found[0] if found else None

    def set_putaway_movement(self, *, merchant_id: int, putaway_id: int, movement_id: int) -> None:
        c = receipt_putaways.c
        self._c.execute(
            update(receipt_putaways)
            .where(c.merchant_id == merchant_id, c.id == putaway_id)
            .values(movement_id=movement_id)
        )

    def putaways(self, *, merchant_id: int, receipt_id: int) -> list[ReceiptPutaway]:
        return self._putaways(merchant_id, receipt_putaways.c.receipt_id == receipt_id)

    def close(self, *, merchant_id: int, receipt_id: int, at: dt.datetime) -> None:
        self._update(merchant_id, receipt_id, status=str(ReceiptStatus.RECEIVED), closed_at=at)

    def complete_putaway(
        self,
        *,
        merchant_id: int,
        receipt_id: int,
        at: dt.datetime,
        dock_to_stock_seconds: int | None,
    ) -> None:
        self._update(
            merchant_id,
            receipt_id,
            status=str(ReceiptStatus.PUT_AWAY),
            closed_at=func.coalesce(receipts.c.closed_at, at),
            putaway_completed_at=at,
            dock_to_stock_seconds=dock_to_stock_seconds,
        )

    def _update(self, merchant_id: int, receipt_id: int, **values: object) -> None:
        c = receipts.c
        self._c.execute(
            update(receipts)
            .where(c.merchant_id == merchant_id, c.id == receipt_id)
            .values(**values)
        )

    def _with_sku(self, table: Table, merchant_id: int, condition: Any) -> Sequence[Row[Any]]:
        """Rows of a per-SKU receipt table (scans, putaways) with the product's SKU, oldest first."""
        c = table.c
        return self._c.execute(
            select(table, products.c.sku)
            .join(
                products,
                and_(products.c.merchant_id == c.merchant_id, products.c.id == c.product_id),
            )
            .where(c.merchant_id == merchant_id, condition)
            .order_by(c.id)
        ).all()

    def _scans(self, merchant_id: int, condition: Any) -> list[ReceiptScan]:
        rows = self._with_sku(receipt_scans, merchant_id, condition)
        return [
            ReceiptScan(
                id=r.id,
                receipt_id=r.receipt_id,
                client_scan_id=r.client_scan_id,
                scanned_code=r.scanned_code,
                product_id=r.product_id,
                sku=r.sku,
                quantity=r.quantity,
                damaged=r.damaged,
                status=InventoryStatus(r.status),
                lot=r.lot,
                expires_on=r.expires_on,
                movement_id=r.movement_id,
                scanned_at=r.scanned_at,
            )
            for r in rows
        ]

    def _putaways(self, merchant_id: int, condition: Any) -> list[ReceiptPutaway]:
        rows = self._with_sku(receipt_putaways, merchant_id, condition)
        return [
            ReceiptPutaway(
                id=r.id,
                receipt_id=r.receipt_id,
                client_putaway_id=r.client_putaway_id,
                product_id=r.product_id,
                sku=r.sku,
                quantity=r.quantity,
                status=InventoryStatus(r.status),
                lot=r.lot,
                expires_on=r.expires_on,
                bin_id=r.bin_id,
                movement_id=r.movement_id,
                put_at=r.put_at,
            )
            for r in rows
        ]


def _receipt(r: Row[Any]) -> Receipt:
    return Receipt(
        id=r.id,
        merchant_id=r.merchant_id,
        notice_id=r.notice_id,
        location_id=r.location_id,
        receiving_bin_id=r.receiving_bin_id,
        destination=InventoryStatus(r.destination),
        status=ReceiptStatus(r.status),
        arrived_at=r.arrived_at,
        closed_at=r.closed_at,
        putaway_completed_at=r.putaway_completed_at,
        dock_to_stock_seconds=r.dock_to_stock_seconds,
        note=r.note,
        created_at=r.created_at,
    )


class SqlFloorLookups:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def products_by_code(self, *, merchant_id: int, lookup: ScanLookup) -> list[ProductRef]:
        p = products.c
        ways: list[Any] = [p.sku == lookup.sku]
        if lookup.fnsku is not None:
            ways.append(p.fnsku == lookup.fnsku)
        if lookup.gtin14 is not None:
            barcode = product_barcodes.c
            ways.append(
                p.id.in_(
                    select(barcode.product_id).where(
                        barcode.merchant_id == merchant_id, barcode.gtin14 == lookup.gtin14
                    )
                )
            )
        rows = self._c.execute(
            select(p.id, p.sku, p.kind, p.blocked, p.expiration_dated)
            .where(p.merchant_id == merchant_id, or_(*ways))
            .order_by(p.sku)
        ).all()
        return [ProductRef(r.id, r.sku, r.kind, r.blocked, r.expiration_dated) for r in rows]

    def bin_by_barcode(self, barcode: str) -> BinRef | None:
        return self._first_bin(bins.c.barcode == barcode)

    def first_receiving_bin(self, location_id: int) -> BinRef | None:
        return self._first_bin(
            and_(bins.c.location_id == location_id, zones.c.kind == "receiving", bins.c.active)
        )

    def product_skus(self, *, merchant_id: int, product_ids: Sequence[int]) -> dict[int, str]:
        p = products.c
        rows = self._c.execute(
            select(p.id, p.sku).where(p.merchant_id == merchant_id, p.id.in_(list(product_ids)))
        ).all()
        return {r.id: r.sku for r in rows}

    def _first_bin(self, condition: Any) -> BinRef | None:
        row = self._c.execute(
            select(bins.c.id, bins.c.code, bins.c.location_id, zones.c.kind, bins.c.active)
            .join(zones, zones.c.id == bins.c.zone_id)
            .where(condition)
            .order_by(bins.c.sort_key, bins.c.id)
            .limit(1)
        ).first()
        return BinRef(row.id, row.code, row.location_id, row.kind, row.active) if row else None


class ReceivingRepositories:
    """Mixin for the unit of work: notices, receipts and floor lookups bound to its connection."""

    connection: Connection

    @property
    def notices(self) -> SqlNotices:
        return SqlNotices(self.connection)

    @property
    def receipts(self) -> SqlReceipts:
        return SqlReceipts(self.connection)

    @property
    def floor(self) -> SqlFloorLookups:
        return SqlFloorLookups(self.connection)
