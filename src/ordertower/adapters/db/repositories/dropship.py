"""SQL for dropship requests and the purchase-order lines vendors receive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, Row, Select, insert, select, update

from ordertower.domain.locations import LocationKind
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.dropship.ports import (
    LIVE,
    DropshipLine,
    DropshipRequest,
    DropshipStatus,
    NewDropshipRequest,
    PurchaseOrderLine,
    VendorShipment,
)

from ..paging import by_id, to_page
from ..tables.dropship import dropship_requests
from ..tables.locations import locations
from ..tables.orders import orders

_d = dropship_requests.c
_LIVE = sorted(str(s) for s in LIVE)


def _select() -> Select[Any]:
    return select(dropship_requests, locations.c.code.label("vendor_code")).join(
        locations, locations.c.id == _d.vendor_location_id
    )


def _request(row: Row[Any]) -> DropshipRequest:
    return DropshipRequest(
        id=row.id,
        order_id=row.order_id,
        vendor_location_id=row.vendor_location_id,
        vendor_code=row.vendor_code,
        status=DropshipStatus(row.status),
        lines=[
            DropshipLine(line_id=str(x["line_id"]), sku=str(x["sku"]), quantity=int(x["quantity"]))
            for x in row.lines
        ],
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        shipped_at=row.shipped_at,
        sent_at=row.sent_at,
        cancelled_at=row.cancelled_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlDropshipRequests:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, merchant_id: int, requests: Sequence[NewDropshipRequest]) -> None:
        if not requests:
            return
        self._c.execute(
            insert(dropship_requests),
            [
                {
                    "merchant_id": merchant_id,
                    "order_id": r.order_id,
                    "vendor_location_id": r.vendor_location_id,
                    "status": str(DropshipStatus.REQUESTED),
                    "lines": [
                        {"line_id": x.line_id, "sku": x.sku, "quantity": x.quantity}
                        for x in r.lines
                    ],
                }
                for r in requests
            ],
        )

    def cancel_live(
        self,
        merchant_id: int,
        order_ids: Collection[int],
        at: dt.datetime,
        *,
        only: DropshipStatus | None = None,
    ) -> list[int]:
        if not order_ids:
            return []
        statuses = [str(only)] if only is not None else _LIVE
        rows = self._c.execute(
            update(dropship_requests)
            .where(
                _d.merchant_id == merchant_id,
                _d.order_id.in_(sorted(order_ids)),
                _d.status.in_(statuses),
            )
            .values(status=str(DropshipStatus.CANCELLED), cancelled_at=at, updated_at=at)
            .returning(_d.id)
        )
        return sorted(r.id for r in rows)

    def get(
        self, merchant_id: int, request_id: int, *, lock: bool = False
    ) -> DropshipRequest | None:
        query = _select().where(_d.merchant_id == merchant_id, _d.id == request_id)
        if lock:
            query = query.with_for_update(of=dropship_requests)
        row = self._c.execute(query).first()
        return _request(row) if row else None

    def search(
        self,
        merchant_id: int,
        *,
        vendor_location_id: int | None,
        status: DropshipStatus | None,
        page: PageRequest,
    ) -> Page[DropshipRequest]:
        query = _select().where(_d.merchant_id == merchant_id)
        if vendor_location_id is not None:
            query = query.where(_d.vendor_location_id == vendor_location_id)
        if status is not None:
            query = query.where(_d.status == str(status))
        rows = self._c.execute(by_id(query, _d.id, page)).all()
        return to_page([_request(r) for r in rows], page, lambda r: r.id)

    def mark_sent(self, merchant_id: int, request_id: int, at: dt.datetime) -> None:
        self._c.execute(
            update(dropship_requests)
            .where(_d.merchant_id == merchant_id, _d.id == request_id)
            .values(status=str(DropshipStatus.SENT), sent_at=at, updated_at=at)
        )

    def mark_shipped(self, merchant_id: int, request_id: int, shipment: VendorShipment) -> None:
        self._c.execute(
            update(dropship_requests)
            .where(_d.merchant_id == merchant_id, _d.id == request_id)
            .values(
                status=str(DropshipStatus.SHIPPED),
                carrier=shipment.carrier,
                tracking_number=shipment.tracking_number,
                shipped_at=shipment.shipped_at,
            )
        )

    def purchase_order(
        self, merchant_id: int, *, vendor_location_id: int | None, status: DropshipStatus | None
    ) -> list[PurchaseOrderLine]:
        o = orders.c
        query = (
            select(
                _d.id,
                _d.lines,
                o.channel_order_number,
                o.external_order_id,
                o.ship_to,
                o.customer,
                o.service_level,
            )
            .join(orders, (o.merchant_id == _d.merchant_id) & (o.id == _d.order_id))
            .where(_d.merchant_id == merchant_id)
            .order_by(_d.id)
        )
        if vendor_location_id is not None:
            query = query.where(_d.vendor_location_id == vendor_location_id)
        if status is not None:
            query = query.where(_d.status == str(status))
        found: list[PurchaseOrderLine] = []
        for row in self._c.execute(query):
            ship_to = dict(row.ship_to or {})
            ship_to.setdefault("phone", (row.customer or {}).get("phone") or "")
            for line in row.lines:
                found.append(
                    PurchaseOrderLine(
                        request_id=row.id,
                        order_number=row.channel_order_number or row.external_order_id,
                        ship_to=ship_to,
                        service_level=row.service_level,
                        sku=str(line["sku"]),
                        quantity=int(line["quantity"]),
                    )
                )
        return found

    def vendors(self, merchant_id: int) -> list[tuple[int, str, str]]:
        l_ = locations.c
        rows = self._c.execute(
            select(l_.id, l_.code, l_.name)
            .where(l_.merchant_id == merchant_id, l_.kind == str(LocationKind.DROPSHIP))
            .order_by(l_.code)
        )
        return [(r.id, r.code, r.name) for r in rows]

    def vendor_by_code(self, merchant_id: int, code: str) -> int | None:
        l_ = locations.c
        found: int | None = self._c.execute(
            select(l_.id).where(
                l_.merchant_id == merchant_id,
                l_.kind == str(LocationKind.DROPSHIP),
                l_.code == code,
            )
        ).scalar_one_or_none()
        return found


class DropshipRepositories:
    """Mixin for the unit of work: dropship requests bound to its connection."""

    connection: Connection

    @property
    def dropship(self) -> SqlDropshipRequests:
        return SqlDropshipRequests(self.connection)
