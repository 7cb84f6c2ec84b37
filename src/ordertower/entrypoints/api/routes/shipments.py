"""Shipment confirmation (per package or per order) and the carrier accounts labels come from."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.domain.shipping import CarrierCode
from ordertower.services.fulfillment import carrier_accounts, confirm
from ordertower.services.fulfillment.ports import CarrierAccount, NewCarrierAccount

from ..deps import MerchantDep, PrincipalDep, RuntimeDep
from .packing import LocationQuery, OrderIdPath, PackageIdPath, PackageOut
from .shapes import Id, StrictIn

router = APIRouter(tags=["fulfillment"])


class ConfirmedOut(BaseModel):
    order_id: int
    order_state: str
    shipped: list[PackageOut] = Field(description="Packages this call shipped (none: all had).")


class CarrierAccountIn(StrictIn):
    carrier: CarrierCode = CarrierCode.OWN_ACCOUNT
    name: str = Field(max_length=200)
    location_id: Id | None = Field(default=None, description="None: every warehouse.")
    carrier_name: str = Field(max_length=200, description="Printed on labels, told to channels.")
    tracking_prefix: str = Field(max_length=20)
    tracking_first: int = Field(ge=1, le=2**63 - 1)
    tracking_last: int = Field(ge=1, le=2**63 - 1)


class CarrierAccountOut(BaseModel):
    id: int
    carrier: CarrierCode
    name: str
    location_id: int | None
    carrier_name: str
    tracking_prefix: str
    tracking_first: int
    tracking_last: int
    next_sequence: int
    active: bool

    @classmethod
    def of(cls, a: CarrierAccount) -> CarrierAccountOut:
        return cls(
            id=a.id,
            carrier=a.carrier,
            name=a.name,
            location_id=a.location_id,
            carrier_name=a.carrier_name,
            tracking_prefix=a.tracking_prefix,
            tracking_first=a.tracking_first,
            tracking_last=a.tracking_last,
            next_sequence=a.next_sequence,
            active=a.active,
        )


def _out(done: confirm.Confirmed) -> ConfirmedOut:
    return ConfirmedOut(
        order_id=done.order_id,
        order_state=str(done.order_state),
        shipped=[PackageOut.of(p) for p in done.shipped],
    )


@router.post("/merchants/{merchant_id}/packages/{package_id}/ship")
def ship_package(
    merchant_id: MerchantDep,
    package_id: PackageIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ConfirmedOut:
    """Confirm the labelled package left: stock out of its bins, tracking to the channel."""
    done = confirm.confirm_package(
        runtime.uow(), principal=principal, merchant_id=merchant_id, package_id=package_id
    )
    return _out(done)


@router.post("/merchants/{merchant_id}/orders/{order_id}/ship")
def ship_order(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    location_id: LocationQuery = None,
) -> ConfirmedOut:
    """Confirm every labelled package of the order that has not shipped yet (with `location_id`:
    only that warehouse's packages of a split order)."""
    done = confirm.confirm_order(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        location_id=location_id,
    )
    return _out(done)


@router.get("/merchants/{merchant_id}/carrier-accounts")
def list_carrier_accounts(
    merchant_id: MerchantDep, runtime: RuntimeDep, principal: PrincipalDep
) -> list[CarrierAccountOut]:
    """The merchant's carrier accounts and how far each tracking range is used."""
    found = carrier_accounts.list_carrier_accounts(
        runtime.uow(), principal=principal, merchant_id=merchant_id
    )
    return [CarrierAccountOut.of(a) for a in found]


@router.post("/merchants/{merchant_id}/carrier-accounts", status_code=http.HTTP_201_CREATED)
def add_carrier_account(
    merchant_id: MerchantDep, body: CarrierAccountIn, runtime: RuntimeDep, principal: PrincipalDep
) -> CarrierAccountOut:
    """Set up the own-account carrier (for all warehouses, or one) with its tracking range."""
    added = carrier_accounts.add_carrier_account(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        account=NewCarrierAccount(
            carrier=body.carrier,
            name=body.name.strip(),
            location_id=body.location_id,
            carrier_name=body.carrier_name.strip(),
            tracking_prefix=body.tracking_prefix,
            tracking_first=body.tracking_first,
            tracking_last=body.tracking_last,
        ),
    )
    return CarrierAccountOut.of(added)
