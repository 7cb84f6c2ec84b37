"""Use cases for the exception queue: raise items (inside another use case), list, assign, resolve."""

from __future__ import annotations

from collections.abc import Sequence

from ordertower.domain.errors import IllegalTransition, InvalidInput, NotFound
from ordertower.domain.exception_queue import MAX_NOTE_LENGTH, ExceptionStatus, SubjectKind
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal, Role
from ordertower.services.unit_of_work import Actor, AuditEntry

from .ports import ExceptionFilter, ExceptionItem, NewExceptionItem
from .unit_of_work import ExceptionQueueUnitOfWork


def raise_items(
    uow: ExceptionQueueUnitOfWork, *, merchant_id: int, items: Sequence[NewExceptionItem]
) -> list[ExceptionItem]:
    """Raise items inside the caller's open transaction (the caller commits)."""
    if not items:
        return []
    return uow.exception_items.add_many(merchant_id=merchant_id, items=items)


def list_exception_items(
    uow: ExceptionQueueUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    filters: ExceptionFilter,
    page: PageRequest,
) -> Page[ExceptionItem]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.exception_items.list(merchant_id=merchant_id, filters=filters, page=page)


def get_exception_item(
    uow: ExceptionQueueUnitOfWork, *, principal: Principal, merchant_id: int, item_id: int
) -> ExceptionItem:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return _item(uow, merchant_id, item_id)


def resolve_exception_item(
    uow: ExceptionQueueUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    item_id: int,
    note: str,
) -> ExceptionItem:
    """Close an item, writing down what was done about it (the note is required)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    note = note.strip()
    if not note:
        raise InvalidInput("Say how the exception was resolved (a note is required).", field="note")
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"note must be at most {MAX_NOTE_LENGTH} characters.", field="note")
    with uow:
        item = _item(uow, merchant_id, item_id, lock=True)
        if item.status is ExceptionStatus.RESOLVED:
            raise IllegalTransition(
                f"Exception item {item_id} was already resolved at "
                f"{item.resolved_at:%Y-%m-%d %H:%M} UTC; nothing changed.",
                field="exception_item_id",
            )
        # Items about orders are resolved by the order's own actions (orders/order_exceptions.py):
        # closing one here would leave its order parked with nothing in the queue to show why.
        if item.subject_kind == SubjectKind.ORDER:
            raise IllegalTransition(
                f"Exception item {item_id} is about order {item.subject_id}: resolve it with one of "
                "its order actions (POST …/order-exceptions/{id}/resolve), which runs the order "
                "through the pipeline again; nothing changed.",
                field="exception_item_id",
            )
        resolved = uow.exception_items.resolve(
            merchant_id=merchant_id,
            item_id=item_id,
            user_id=principal.user_id,
            note=note,
            at=uow.now(),
        )
        uow.audit.record(_audit(principal, "exception_item.resolved", resolved, note))
        uow.commit()
    return resolved


def assign_exception_item(
    uow: ExceptionQueueUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    item_id: int,
    owner_user_id: int | None,
    reason: str | None = None,
) -> ExceptionItem:
    """Give an item an owner (a user who works for the merchant), or take the owner away."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        item = _item(uow, merchant_id, item_id, lock=True)
        if owner_user_id is not None:
            _check_owner(uow, merchant_id, owner_user_id)
        assigned = uow.exception_items.assign(
            merchant_id=merchant_id, item_id=item.id, owner_user_id=owner_user_id
        )
        uow.audit.record(_audit(principal, "exception_item.assigned", assigned, reason))
        uow.commit()
    return assigned


def _check_owner(uow: ExceptionQueueUnitOfWork, merchant_id: int, user_id: int) -> None:
    user = uow.users.get(user_id)
    works_here = user is not None and (user.role is Role.ADMIN or merchant_id in user.merchant_ids)
    if user is None or not user.active or not works_here:
        raise InvalidInput(
            f"User {user_id} is not an active user of this merchant; choose someone who is.",
            field="owner_user_id",
        )


def _item(
    uow: ExceptionQueueUnitOfWork, merchant_id: int, item_id: int, *, lock: bool = False
) -> ExceptionItem:
    item = uow.exception_items.get(merchant_id=merchant_id, item_id=item_id, lock=lock)
    if item is None:
        raise NotFound(f"Exception item {item_id} not found.", field="exception_item_id")
    return item


def _audit(
    principal: Principal, action: str, item: ExceptionItem, reason: str | None
) -> AuditEntry:
    return AuditEntry(
        Actor(label=f"user:{principal.user_id}", user_id=principal.user_id),
        action,
        "exception_item",
        str(item.id),
        merchant_id=item.merchant_id,
        reason=reason,
        details={"owner_user_id": item.owner_user_id, "reason_code": item.reason_code},
    )
