"""SQL for packages (their contents, labels and shipment) and the merchants' carrier accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, func, insert, or_, select, update

from ordertower.domain.shipping import CarrierCode
from ordertower.services.fulfillment.ports import (
    CarrierAccount,
    Label,
    NewCarrierAccount,
    NewPackage,
    PackageRow,
)

from ..tables.fulfillment import carrier_accounts, package_contents, packages
from ..unique import unique_conflicts

_PACKAGE_COLUMNS = [c for c in packages.c if c.name not in ("label_pdf", "label_zpl")]


class PackageRepositoryMixin:
    _c: Connection

    def add_package(
        self, merchant_id: int, package: NewPackage, contents: Mapping[int, int]
    ) -> int:
        number = (
            self._c.execute(
                select(func.coalesce(func.max(packages.c.number), 0)).where(
                    packages.c.merchant_id == merchant_id, packages.c.order_id == package.order_id
                )
            ).scalar_one()
            + 1
        )
        dims = package.dimensions or (None, None, None)
        dims_in = package.dimensions_in or (None, None, None)
        package_id: int = self._c.execute(
            insert(packages)
            .values(
                merchant_id=merchant_id,
                order_id=package.order_id,
                number=number,
                weight_value=package.weight_value,
                weight_unit=package.weight_unit,
                weight_lb=package.weight_lb,
                length=dims[0],
                width=dims[1],
                height=dims[2],
                dimension_unit=package.dimension_unit,
                length_in=dims_in[0],
                width_in=dims_in[1],
                height_in=dims_in[2],
                carrier=str(package.carrier),
                service_code=package.service_code,
                service_name=package.service_name,
                carrier_account_id=package.carrier_account_id,
                created_by_user_id=package.created_by_user_id,
            )
            .returning(packages.c.id)
        ).scalar_one()
        self._c.execute(
            insert(package_contents),
            [
                {
                    "merchant_id": merchant_id,
                    "package_id": package_id,
                    "pick_task_id": t,
                    "quantity": n,
                }
                for t, n in sorted(contents.items())
            ],
        )
        return package_id

    def packages(
        self,
        merchant_id: int,
        *,
        order_id: int | None = None,
        package_id: int | None = None,
        lock: bool = False,
    ) -> list[PackageRow]:
        p = packages.c
        # A void package (taken off the floor) is on record only: nothing packs, labels or ships it.
        query = select(*_PACKAGE_COLUMNS).where(p.merchant_id == merchant_id, p.state != "void")
        if order_id is not None:
            query = query.where(p.order_id == order_id)
        if package_id is not None:
            query = query.where(p.id == package_id)
        rows = self._c.execute(
            query.order_by(p.order_id, p.number).with_for_update(of=packages)
            if lock
            else query.order_by(p.order_id, p.number)
        ).all()
        contents: dict[int, dict[int, int]] = {r.id: {} for r in rows}
        if rows:
            c = package_contents.c
            for item in self._c.execute(
                select(c.package_id, c.pick_task_id, c.quantity).where(
                    c.merchant_id == merchant_id, c.package_id.in_(list(contents))
                )
            ):
                contents[item.package_id][item.pick_task_id] = item.quantity
        return [_package(r, contents[r.id]) for r in rows]

    def set_label(self, merchant_id: int, package_id: int, label: Label, at: dt.datetime) -> None:
        self._c.execute(
            update(packages)
            .where(packages.c.merchant_id == merchant_id, packages.c.id == package_id)
            .values(
                tracking_number=label.tracking_number,
                label_pdf=label.pdf,
                label_zpl=label.zpl,
                labelled_at=at,
                state="labelled",
            )
        )

    def label(self, merchant_id: int, package_id: int) -> Label | None:
        p = packages.c
        row = self._c.execute(
            select(p.tracking_number, p.label_pdf, p.label_zpl).where(
                p.merchant_id == merchant_id, p.id == package_id
            )
        ).first()
        if row is None or row.tracking_number is None:
            return None
        return Label(row.tracking_number, bytes(row.label_pdf), row.label_zpl)

    def mark_shipped(self, merchant_id: int, package_id: int, at: dt.datetime) -> None:
        self._c.execute(
            update(packages)
            .where(packages.c.merchant_id == merchant_id, packages.c.id == package_id)
            .values(state="shipped", shipped_at=at)
        )

    def carrier_account_for(
        self, merchant_id: int, *, carrier: CarrierCode, location_id: int
    ) -> CarrierAccount | None:
        a = carrier_accounts.c
        row = self._c.execute(
            select(carrier_accounts)
            .where(
                a.merchant_id == merchant_id,
                a.carrier == str(carrier),
                a.active,
                or_(a.location_id == location_id, a.location_id.is_(None)),
            )
            .order_by(a.location_id.is_(None), a.id)
            .limit(1)
        ).first()
        return _account(row) if row else None

    def carrier_accounts(self, merchant_id: int) -> list[CarrierAccount]:
        a = carrier_accounts.c
        rows = self._c.execute(
            select(carrier_accounts).where(a.merchant_id == merchant_id).order_by(a.id)
        ).all()
        return [_account(r) for r in rows]

    def add_carrier_account(self, merchant_id: int, account: NewCarrierAccount) -> CarrierAccount:
        with unique_conflicts({"uq_carrier_accounts_place": "location_id"}):
            row = self._c.execute(
                insert(carrier_accounts)
                .values(
                    merchant_id=merchant_id,
                    carrier=str(account.carrier),
                    name=account.name,
                    location_id=account.location_id,
                    carrier_name=account.carrier_name,
                    tracking_prefix=account.tracking_prefix,
                    tracking_first=account.tracking_first,
                    tracking_last=account.tracking_last,
                    next_sequence=account.tracking_first,
                )
                .returning(*carrier_accounts.c)
            ).one()
        return _account(row)


def _dims(r: Row[Any]) -> tuple[Decimal, Decimal, Decimal] | None:
    if r.length is None:
        return None
    return (r.length, r.width, r.height)


def _package(r: Row[Any], contents: dict[int, int]) -> PackageRow:
    return PackageRow(
        id=r.id,
        order_id=r.order_id,
        number=r.number,
        weight_value=r.weight_value,
        weight_unit=r.weight_unit,
        weight_lb=r.weight_lb,
        dimensions=_dims(r),
        dimension_unit=r.dimension_unit,
        carrier=CarrierCode(r.carrier),
        service_code=r.service_code,
        service_name=r.service_name,
        carrier_account_id=r.carrier_account_id,
        tracking_number=r.tracking_number,
        state=r.state,
        labelled_at=r.labelled_at,
        shipped_at=r.shipped_at,
        created_at=r.created_at,
        contents=contents,
    )


def _account(r: Row[Any]) -> CarrierAccount:
    return CarrierAccount(
        id=r.id,
        merchant_id=r.merchant_id,
        carrier=CarrierCode(r.carrier),
        name=r.name,
        location_id=r.location_id,
        carrier_name=r.carrier_name,
        tracking_prefix=r.tracking_prefix,
        tracking_first=r.tracking_first,
        tracking_last=r.tracking_last,
        next_sequence=r.next_sequence,
        active=r.active,
    )
