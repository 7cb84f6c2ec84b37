"""Stock changes people make by hand (adjust, transfer, change status) and batches from integrations.

Each is one transaction on top of the posting, so it is all or nothing and a replayed idempotency key
changes nothing. The movement records who did it and when; a manual change also leaves an audit
entry with its reason. Refusals name the field of the command that is wrong (a movement's
`to_place.bin_id` is a transfer's `to_bin_id`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ordertower.domain.errors import InvalidInput
from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    ReasonCode,
    Reference,
    ReferenceKind,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.unit_of_work import Actor, AuditEntry

from .operation_fields import ADJUSTMENT_FIELDS, STATUS_CHANGE_FIELDS, TRANSFER_FIELDS, named
from .posting import Planned, Posted, post_in_transaction
from .unit_of_work import InventoryUnitOfWork

MAX_REFERENCE_LENGTH = 64  # the ledger's reference_id column
MAX_KEY_LENGTH = 128  # the ledger's idempotency_key column
MAX_LOT_LENGTH = 64
MAX_REASON_LENGTH = 500


class Direction(StrEnum):
    ADD = "add"  # units appeared: found, counted more than the books, received over
    REMOVE = "remove"  # units disappeared: damaged, lost, expired, counted fewer than the books


@dataclass(frozen=True, slots=True, kw_only=True)
class Adjustment:
    """Correct the books at one place: add or remove units, with a reason code that fits."""

    sku: str
    direction: Direction
    quantity: int
    location_id: int
    bin_id: int | None
    status: InventoryStatus = InventoryStatus.SELLABLE
    reason: ReasonCode
    note: str = ""
    lot: str | None = None
    expires_on: dt.date | None = None  # required when adding units of an expiration-dated SKU
    idempotency_key: str
    reference: str | None = None  # a ticket or count number; the idempotency key when left out


@dataclass(frozen=True, slots=True, kw_only=True)
class Transfer:
    """Move units between bins or locations; they stay in their pool (and lot)."""

    sku: str
    quantity: int
    from_location_id: int
    from_bin_id: int | None
    to_location_id: int
    to_bin_id: int | None
    status: InventoryStatus = InventoryStatus.SELLABLE
    lot: str | None = None
    reason: str
    idempotency_key: str
    reference: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """Move units into another pool within their location (the transition table decides which)."""

    sku: str
    quantity: int
    location_id: int
    bin_id: int | None
    to_bin_id: int | None = None  # where the units go; their own bin when left out
    from_status: InventoryStatus
    to_status: InventoryStatus
    lot: str | None = None
    reason: str
    idempotency_key: str
    reference: str | None = None


def adjust(
    uow: InventoryUnitOfWork, *, principal: Principal, merchant_id: int, adjustment: Adjustment
) -> Posted:
    """Add or remove units at one place with a reason code (found, damaged, lost, …)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    a = adjustment
    with named(ADJUSTMENT_FIELDS):
        _check_lengths(a.idempotency_key, a.reference, a.lot)
        place = Place(a.location_id, a.bin_id, a.status, a.lot, a.expires_on)
        adding = a.direction is Direction.ADD
        request = MovementRequest(
            merchant_id=merchant_id,
            sku=a.sku,
            kind=MovementKind.ADJUSTMENT,
            quantity=a.quantity,
            from_place=None if adding else place,
            to_place=place if adding else None,
            reference=_reference(a.reference, a.idempotency_key),
            idempotency_key=a.idempotency_key,
            actor=actor_of(principal).label,
            reason=a.reason,
            note=a.note,
        )
        why = f"{a.reason}: {a.note}" if a.note.strip() else str(a.reason)
        return _post_one(uow, principal, request, "inventory.adjusted", why)


def transfer(
    uow: InventoryUnitOfWork, *, principal: Principal, merchant_id: int, transfer: Transfer
) -> Posted:
    """Move units from one bin or location to another, in the same pool."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    t = transfer
    with named(TRANSFER_FIELDS):
        _check_lengths(t.idempotency_key, t.reference, t.lot)
        reason = _reason(t.reason)
        request = MovementRequest(
            merchant_id=merchant_id,
            sku=t.sku,
            kind=MovementKind.TRANSFER,
            quantity=t.quantity,
            from_place=Place(t.from_location_id, t.from_bin_id, t.status, t.lot),
            to_place=Place(t.to_location_id, t.to_bin_id, t.status, t.lot),
            reference=_reference(t.reference, t.idempotency_key),
            idempotency_key=t.idempotency_key,
            actor=actor_of(principal).label,
            note=reason,
        )
        return _post_one(uow, principal, request, "inventory.transferred", reason)


def change_status(
    uow: InventoryUnitOfWork, *, principal: Principal, merchant_id: int, change: StatusChange
) -> Posted:
    """Move units into another pool (sellable → hold, quarantine → sellable after inspection…)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    c = change
    with named(STATUS_CHANGE_FIELDS):
        _check_lengths(c.idempotency_key, c.reference, c.lot)
        reason = _reason(c.reason)
        to_bin = c.bin_id if c.to_bin_id is None else c.to_bin_id
        request = MovementRequest(
            merchant_id=merchant_id,
            sku=c.sku,
            kind=MovementKind.STATUS_CHANGE,
            quantity=c.quantity,
            from_place=Place(c.location_id, c.bin_id, c.from_status, c.lot),
            to_place=Place(c.location_id, to_bin, c.to_status, c.lot),
            reference=_reference(c.reference, c.idempotency_key),
            idempotency_key=c.idempotency_key,
            actor=actor_of(principal).label,
            note=reason,
        )
        return _post_one(uow, principal, request, "inventory.status_changed", reason)


def actor_of(principal: Principal) -> Actor:
    return Actor(label=f"user:{principal.user_id}", user_id=principal.user_id)


def _post_one(
    uow: InventoryUnitOfWork, principal: Principal, request: MovementRequest, action: str, why: str
) -> Posted:
    with uow:
        [posted] = post_in_transaction(
            uow,
            merchant_id=request.merchant_id,
            planned=[Planned(request)],
            actor_user_id=principal.user_id,
        )
        if not posted.replayed:
            uow.audit.record(
                AuditEntry(
                    actor_of(principal),
                    action,
                    "stock_movement",
                    str(posted.movement_id),
                    merchant_id=request.merchant_id,
                    reason=why,
                    details=_details(request),
                )
            )
        uow.commit()
    return posted


def _details(request: MovementRequest) -> dict[str, Any]:
    def side(place: Place | None) -> dict[str, Any] | None:
        if place is None:
            return None
        return {
            "location_id": place.location_id,
            "bin_id": place.bin_id,
            "status": str(place.status),
            "lot": place.lot,
        }

    return {
        "sku": request.sku,
        "quantity": request.quantity,
        "from": side(request.from_place),
        "to": side(request.to_place),
        "reason_code": str(request.reason) if request.reason else None,
        "idempotency_key": request.idempotency_key,
    }


def _reference(given: str | None, key: str) -> Reference:
    return Reference(ReferenceKind.ADJUSTMENT, (given or "").strip() or key[:MAX_REFERENCE_LENGTH])


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise InvalidInput("Say why (the reason is kept with the movement).", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            f"reason must be at most {MAX_REASON_LENGTH} characters.", field="reason"
        )
    return reason


def check_lengths(*texts: tuple[str, str | None, int]) -> None:
    """Refuse texts longer than the ledger keeps (the rules allow more than its columns hold).

    Each text is (field, value or None, limit).
    """
    for field, value, limit in texts:
        if value is not None and len(value) > limit:
            raise InvalidInput(f"{field} must be at most {limit} characters.", field=field)


def _check_lengths(key: str, reference: str | None, lot: str | None) -> None:
    check_lengths(
        ("idempotency_key", key, MAX_KEY_LENGTH),
        ("reference", reference, MAX_REFERENCE_LENGTH),
        ("lot", lot, MAX_LOT_LENGTH),
    )
