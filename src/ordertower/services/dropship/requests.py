"""Working a dropship request: send the purchase order to the vendor, record the vendor's shipment.

Sending releases the order (allocated → released: for a dropship order the vendor is the floor)
and marks the request sent. Recording the shipment consumes whatever the order holds at the
vendor (SHIPMENT movements out of the vendor location, through the inventory posting service),
moves the order released → shipped (the vendor picked and packed it), marks the request shipped
and enqueues the channel write-back in the same transaction. Sending or shipping again changes
nothing. The order is locked before its request, the same order cancellation takes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ordertower.domain.errors import (
    Conflict,
    FieldProblem,
    FieldsInvalid,
    IllegalTransition,
    NotFound,
)
from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.orders import Actor, ActorKind, OrderState
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.posting import Planned, post_in_transaction
from ordertower.services.orders.transitions import lock_orders, move_order
from ordertower.services.unit_of_work import Actor as AuditActor
from ordertower.services.unit_of_work import AuditEntry

from .ports import DropshipRequest, DropshipStatus, VendorShipment
from .unit_of_work import DropshipUnitOfWork

WRITE_BACK_TASK = "channels.confirm_dropship_shipment"
_TEXT_MAX = 100
# A vendor may report a shipment a little ahead of our clock, never days ahead.
_FUTURE_SLACK = dt.timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Worked:
    request: DropshipRequest
    order_state: OrderState
    changed: bool  # False: it was already done, nothing changed


def get_request(
    uow: DropshipUnitOfWork, *, principal: Principal, merchant_id: int, request_id: int
) -> DropshipRequest:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return find_request(uow, merchant_id, request_id)


def list_requests(
    uow: DropshipUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    vendor: str | None = None,
    status: DropshipStatus | None = None,
) -> Page[DropshipRequest]:
    """The merchant's requests, oldest first, of one vendor (its location code) and/or status."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        vendor_id = vendor_location(uow, merchant_id, vendor)
        return uow.dropship.search(
            merchant_id, vendor_location_id=vendor_id, status=status, page=page
        )


def list_vendors(
    uow: DropshipUnitOfWork, *, principal: Principal, merchant_id: int
) -> list[tuple[int, str, str]]:
    """The merchant's dropship vendors: (location id, code, name)."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.dropship.vendors(merchant_id)


def vendor_location(uow: DropshipUnitOfWork, merchant_id: int, vendor: str | None) -> int | None:
    if vendor is None:
        return None
    found = uow.dropship.vendor_by_code(merchant_id, vendor.strip().upper())
    if found is None:
        raise FieldsInvalid(
            f"vendor {vendor!r} is not one of this merchant's dropship vendors.",
            [FieldProblem("vendor", "unknown_vendor", "Not a dropship vendor of this merchant.")],
        )
    return found


def find_request(
    uow: DropshipUnitOfWork, merchant_id: int, request_id: int, *, lock: bool = False
) -> DropshipRequest:
    found = uow.dropship.get(merchant_id, request_id, lock=lock)
    if found is None:
        raise NotFound(
            f"Dropship request {request_id} does not exist.", field="dropship_request_id"
        )
    return found


def send_request(
    uow: DropshipUnitOfWork, *, principal: Principal, merchant_id: int, request_id: int
) -> Worked:
    """The purchase order went to the vendor: the request is sent, the order released to it."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    with uow:
        order_id = find_request(uow, merchant_id, request_id).order_id
        state = lock_orders(uow, merchant_id, [order_id])[order_id].state
        request = find_request(uow, merchant_id, request_id, lock=True)
        if request.status in (DropshipStatus.SENT, DropshipStatus.SHIPPED):
            return Worked(request, state, changed=False)
        _refuse_cancelled(request)
        if state is not OrderState.ALLOCATED:
            raise IllegalTransition(
                f"Order {order_id} is {state}: only an allocated order is sent to its vendor.",
                field="status",
            )
        move_order(
            uow,
            merchant_id=merchant_id,
            order_id=order_id,
            to=OrderState.RELEASED,
            actor=_person(principal),
            note=f"sent to dropship vendor {request.vendor_code}",
            actor_user_id=principal.user_id,
        )
        uow.dropship.mark_sent(merchant_id, request_id, uow.now())
        _audit(uow, principal, merchant_id, "dropship.send", request)
        uow.commit()
        return Worked(find_request(uow, merchant_id, request_id), OrderState.RELEASED, True)


def check_shipment(
    carrier: str | None, tracking_number: str | None, shipped_at: dt.datetime | None
) -> tuple[str, str, dt.datetime | None]:
    """Every problem with the vendor's shipment at once (FieldsInvalid naming each field)."""
    problems: list[FieldProblem] = []
    texts: dict[str, str] = {}
    for name, value in (("carrier", carrier), ("tracking_number", tracking_number)):
        cleaned = " ".join((value or "").split())
        if not cleaned:
            problems.append(FieldProblem(name, "required", f"{name} is required."))
        elif len(cleaned) > _TEXT_MAX:
            problems.append(
                FieldProblem(name, "too_long", f"{name} is at most {_TEXT_MAX} characters.")
            )
        texts[name] = cleaned
    if shipped_at is not None and shipped_at.tzinfo is None:
        problems.append(
            FieldProblem("shipped_at", "no_time_zone", "shipped_at needs a time zone (…Z).")
        )
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise FieldsInvalid(f"The vendor's shipment is not valid: {listed}", problems)
    return texts["carrier"], texts["tracking_number"], shipped_at


def ship_request(
    uow: DropshipUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    request_id: int,
    carrier: str | None,
    tracking_number: str | None,
    shipped_at: dt.datetime | None = None,
) -> Worked:
    """The vendor shipped: consume its allocations, ship the order, tell the channel (a job)."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    carrier, tracking_number, shipped_at = check_shipment(carrier, tracking_number, shipped_at)
    with uow:
        order_id = find_request(uow, merchant_id, request_id).order_id
        state = lock_orders(uow, merchant_id, [order_id])[order_id].state
        request = find_request(uow, merchant_id, request_id, lock=True)
        if request.status is DropshipStatus.SHIPPED:
            return Worked(request, state, changed=False)
        _refuse_cancelled(request)
        if request.status is DropshipStatus.REQUESTED or state is not OrderState.RELEASED:
            raise IllegalTransition(
                f"Dropship request {request_id} is {request.status} and order {order_id} is "
                f"{state}: send the request to the vendor before recording its shipment.",
                field="status",
            )
        now = uow.now()
        when = shipped_at or now
        if when > now + _FUTURE_SLACK:
            raise FieldsInvalid(
                "The vendor's shipment is not valid: shipped_at is in the future.",
                [FieldProblem("shipped_at", "in_future", "shipped_at is in the future.")],
            )
        shipment = VendorShipment(carrier=carrier, tracking_number=tracking_number, shipped_at=when)
        _consume_vendor_allocations(uow, principal, merchant_id, request, shipment)
        move_order(
            uow,
            merchant_id=merchant_id,
            order_id=order_id,
            to=OrderState.SHIPPED,
            actor=_person(principal),
            note=f"shipped by dropship vendor {request.vendor_code}: {carrier} {tracking_number}",
            actor_user_id=principal.user_id,
        )
        uow.dropship.mark_shipped(merchant_id, request_id, shipment)
        uow.jobs.defer(
            WRITE_BACK_TASK,
            coalesce_key=f"confirm_dropship:{merchant_id}:{request_id}",
            merchant_id=merchant_id,
            order_id=order_id,
            dropship_request_id=request_id,
        )
        _audit(uow, principal, merchant_id, "dropship.ship", request, carrier=carrier)
        uow.commit()
        return Worked(find_request(uow, merchant_id, request_id), OrderState.SHIPPED, True)


def _consume_vendor_allocations(
    uow: DropshipUnitOfWork,
    principal: Principal,
    merchant_id: int,
    request: DropshipRequest,
    shipment: VendorShipment,
) -> None:
    """A SHIPMENT movement out of the vendor location per open allocation the order holds there
    (none when the vendor reports no stock to us)."""
    store = uow.inventory
    held = [
        a
        for a in store.open_allocations(
            merchant_id, str(ReferenceKind.ORDER), [str(request.order_id)]
        )
        if a.location_id == request.vendor_location_id and a.quantity > 0
    ]
    if not held:
        return
    skus = store.products_by_id(merchant_id, {a.product_id for a in held})
    planned = [
        Planned(
            MovementRequest(
                merchant_id=merchant_id,
                sku=skus[a.product_id].sku,
                kind=MovementKind.SHIPMENT,
                quantity=a.quantity,
                from_place=Place(request.vendor_location_id, None, InventoryStatus.SELLABLE),
                to_place=None,
                reference=Reference(ReferenceKind.ORDER, str(request.order_id)),
                idempotency_key=f"ship:dropship:{request.id}:allocation:{a.id}",
                actor=f"user:{principal.user_id}",
                note=f"dropship {request.vendor_code}, tracking {shipment.tracking_number}",
            ),
            consumes_allocation=a.id,
        )
        for a in held
    ]
    post_in_transaction(
        uow, merchant_id=merchant_id, planned=planned, actor_user_id=principal.user_id
    )


def _refuse_cancelled(request: DropshipRequest) -> None:
    if request.status is DropshipStatus.CANCELLED:
        raise Conflict(
            f"Dropship request {request.id} was cancelled (its order was cancelled or routed "
            "elsewhere).",
            field="dropship_request_id",
        )


def _person(principal: Principal) -> Actor:
    return Actor(ActorKind.PERSON, f"user:{principal.user_id}")


def _audit(
    uow: DropshipUnitOfWork,
    principal: Principal,
    merchant_id: int,
    action: str,
    request: DropshipRequest,
    **details: object,
) -> None:
    uow.audit.record(
        AuditEntry(
            AuditActor(label=f"user:{principal.user_id}", user_id=principal.user_id),
            action,
            "dropship_request",
            str(request.id),
            merchant_id=merchant_id,
            reason=None,
            details={"order_id": request.order_id, "vendor": request.vendor_code, **details},
        )
    )
