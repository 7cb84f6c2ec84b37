"""Changing a merchant's stock: adjustments, transfers, status changes, batches, allocations.

Every change is one transaction: a refusal names the field and writes nothing. Send an
`idempotency_key` to make a retry harmless: a replay answers 200 with what was done the first time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field

from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    Place,
    ReasonCode,
    Reference,
)
from ordertower.services.inventory import allocation, batches, operations, queries
from ordertower.services.inventory.operations import Direction
from ordertower.services.inventory.posting import MAX_BATCH, Posted

from ..deps import MerchantDep, PrincipalDep, RuntimeDep
from .inventory_shapes import AllocationOut, IndexedFieldsRoute, MovementOut, ReferenceIO
from .shapes import MAX_ID, Id, StrictIn

router = APIRouter(tags=["inventory"], route_class=IndexedFieldsRoute)
BASE = "/merchants/{merchant_id}/inventory"
AllocationIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The allocation id.")]

Sku = Field(max_length=64, description="The merchant's SKU.", examples=["MUG-BLK"])
Key = Field(
    default=None,
    max_length=128,
    description="Makes a retry harmless: the same key again changes nothing. Generated if left out.",
)
Reason = Field(max_length=500, description="Why (kept with the movement and in the audit log).")
Lot = Field(default=None, max_length=64, description="The lot, for lot-tracked SKUs.")
RefText = Field(default=None, max_length=64, description="A ticket or count number.")


class AdjustmentIn(StrictIn):
    sku: str = Sku
    direction: Direction = Field(description="add: units appeared; remove: units disappeared.")
    quantity: int = Field(description="Units, at least 1.")
    location_id: Id
    bin_id: Id | None = None
    status: InventoryStatus = InventoryStatus.SELLABLE
    reason: ReasonCode = Field(description="Must fit the direction (found adds, lost removes…).")
    note: str = Field(default="", max_length=2000)
    lot: str | None = Lot
    expires_on: dt.date | None = Field(default=None, description="Adding expiration-dated units.")
    idempotency_key: str | None = Key
    reference: str | None = RefText


class TransferIn(StrictIn):
    sku: str = Sku
    quantity: int
    from_location_id: Id
    from_bin_id: Id | None = None
    to_location_id: Id
    to_bin_id: Id | None = None
    status: InventoryStatus = Field(default=InventoryStatus.SELLABLE, description="The pool.")
    lot: str | None = Lot
    reason: str = Reason
    idempotency_key: str | None = Key
    reference: str | None = RefText


class StatusChangeIn(StrictIn):
    sku: str = Sku
    quantity: int
    location_id: Id
    bin_id: Id | None = None
    to_bin_id: Id | None = Field(
        default=None, description="Where the units go; same bin if left out."
    )
    from_status: InventoryStatus
    to_status: InventoryStatus
    lot: str | None = Lot
    reason: str = Reason
    idempotency_key: str | None = Key
    reference: str | None = RefText


class PlaceIn(StrictIn):
    location_id: Id
    bin_id: Id | None = None
    status: InventoryStatus
    lot: str | None = Field(default=None, max_length=64)
    expires_on: dt.date | None = None

    def to_domain(self) -> Place:
        return Place(self.location_id, self.bin_id, self.status, self.lot, self.expires_on)


class MovementIn(StrictIn):
    sku: str = Sku
    kind: MovementKind
    quantity: int
    from_place: PlaceIn | None = None
    to_place: PlaceIn | None = None
    reason: ReasonCode | None = None
    note: str = Field(default="", max_length=2000)
    reference: ReferenceIO
    idempotency_key: str = Field(max_length=128)

    def to_draft(self) -> batches.MovementDraft:
        return batches.MovementDraft(
            sku=self.sku,
            kind=self.kind,
            quantity=self.quantity,
            from_place=self.from_place.to_domain() if self.from_place else None,
            to_place=self.to_place.to_domain() if self.to_place else None,
            reference=Reference(self.reference.kind, self.reference.id),
            idempotency_key=self.idempotency_key,
            reason=self.reason,
            note=self.note,
        )


class BatchIn(StrictIn):
    movements: list[MovementIn] = Field(min_length=1, max_length=MAX_BATCH)


class PostedOut(BaseModel):
    movement_id: int
    replayed: bool = Field(description="The key was seen before: nothing changed.")


class BatchOut(BaseModel):
    movements: list[PostedOut] = Field(description="One per movement sent, in order.")
    posted: int
    replayed: int


class AllocateIn(StrictIn):
    sku: str = Field(max_length=64, description="A SKU or a bundle (allocates its components).")
    quantity: int
    location_id: Id
    reference: ReferenceIO
    idempotency_key: str = Field(max_length=128)


class ReleaseIn(StrictIn):
    quantity: int | None = Field(default=None, description="Units to release; all if left out.")


def _key(given: str | None) -> str:
    return given if given is not None else f"api-{uuid.uuid4()}"


def _movement(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    merchant_id: int,
    posted: Posted,
    response: Response,
) -> MovementOut:
    response.status_code = status.HTTP_200_OK if posted.replayed else status.HTTP_201_CREATED
    [found] = queries.movements_by_id(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        movement_ids=[posted.movement_id],
    )
    return MovementOut.of(found)


@router.post(f"{BASE}/adjustments", status_code=status.HTTP_201_CREATED)
def adjust(
    merchant_id: MerchantDep,
    body: AdjustmentIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    response: Response,
) -> MovementOut:
    """Add or remove units at one place, with a reason code that fits the direction."""
    fields = body.model_dump(exclude={"idempotency_key"})
    change = operations.Adjustment(**fields, idempotency_key=_key(body.idempotency_key))
    posted = operations.adjust(
        runtime.uow(), principal=principal, merchant_id=merchant_id, adjustment=change
    )
    return _movement(runtime, principal, merchant_id, posted, response)


@router.post(f"{BASE}/transfers", status_code=status.HTTP_201_CREATED)
def transfer(
    merchant_id: MerchantDep,
    body: TransferIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    response: Response,
) -> MovementOut:
    """Move units between bins or locations; they keep their pool."""
    fields = body.model_dump(exclude={"idempotency_key"})
    change = operations.Transfer(**fields, idempotency_key=_key(body.idempotency_key))
    posted = operations.transfer(
        runtime.uow(), principal=principal, merchant_id=merchant_id, transfer=change
    )
    return _movement(runtime, principal, merchant_id, posted, response)


@router.post(f"{BASE}/status-changes", status_code=status.HTTP_201_CREATED)
def change_status(
    merchant_id: MerchantDep,
    body: StatusChangeIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    response: Response,
) -> MovementOut:
    """Move units into another pool within their location (e.g. quarantine → sellable)."""
    fields = body.model_dump(exclude={"idempotency_key"})
    change = operations.StatusChange(**fields, idempotency_key=_key(body.idempotency_key))
    posted = operations.change_status(
        runtime.uow(), principal=principal, merchant_id=merchant_id, change=change
    )
    return _movement(runtime, principal, merchant_id, posted, response)


@router.post(f"{BASE}/movements", status_code=status.HTTP_201_CREATED)
def post_batch(
    merchant_id: MerchantDep, body: BatchIn, runtime: RuntimeDep, principal: PrincipalDep
) -> BatchOut:
    """Post up to 10,000 movements at once, all or nothing; refusals name `movements[i].field`."""
    posted = batches.post_batch(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        drafts=[m.to_draft() for m in body.movements],
    )
    replayed = sum(p.replayed for p in posted)
    return BatchOut(
        movements=[PostedOut(movement_id=p.movement_id, replayed=p.replayed) for p in posted],
        posted=len(posted) - replayed,
        replayed=replayed,
    )


@router.post(f"{BASE}/allocations", status_code=status.HTTP_201_CREATED)
def allocate(
    merchant_id: MerchantDep, body: AllocateIn, runtime: RuntimeDep, principal: PrincipalDep
) -> list[AllocationOut]:
    """Promise sellable units at one location (a bundle: each component); one row per SKU."""
    request = allocation.AllocationRequest(
        sku=body.sku,
        quantity=body.quantity,
        location_id=body.location_id,
        reference=Reference(body.reference.kind, body.reference.id),
        idempotency_key=body.idempotency_key,
    )
    rows = allocation.allocate(
        runtime.uow(), principal=principal, merchant_id=merchant_id, request=request
    )
    found = queries.allocations_by_id(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        allocation_ids=[r.id for r in rows],
    )
    return [AllocationOut.of(a) for a in found]


@router.post(f"{BASE}/allocations/{{allocation_id}}/release")
def release(
    merchant_id: MerchantDep,
    allocation_id: AllocationIdPath,
    body: ReleaseIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> AllocationOut:
    """Take back all (or some) of an allocation's remaining units."""
    row = allocation.release(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        allocation_id=allocation_id,
        quantity=body.quantity,
    )
    [found] = queries.allocations_by_id(
        runtime.uow(), principal=principal, merchant_id=merchant_id, allocation_ids=[row.id]
    )
    return AllocationOut.of(found)
