"""Posting many movements in one request (integrations, imports): 1 to 10,000, all or nothing.

A refusal names the movement by its index in the batch as sent (`movements[3].quantity`); a replayed
idempotency key is a no-op for that movement only, so a batch resent after a timeout is harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ordertower.domain.errors import DomainError, InvalidInput
from ordertower.domain.inventory import MovementKind, MovementRequest, Place, ReasonCode, Reference
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.unit_of_work import AuditEntry

from .operation_fields import indexed
from .operations import (
    MAX_KEY_LENGTH,
    MAX_LOT_LENGTH,
    MAX_REFERENCE_LENGTH,
    actor_of,
    check_lengths,
)
from .posting import MAX_BATCH, Planned, Posted, post_in_transaction
from .unit_of_work import InventoryUnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class MovementDraft:
    """One movement of a batch as sent; the merchant and the actor come from the request."""

    sku: str
    kind: MovementKind
    quantity: int
    from_place: Place | None
    to_place: Place | None
    reference: Reference
    idempotency_key: str
    reason: ReasonCode | None = None
    note: str = ""


def post_batch(
    uow: InventoryUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    drafts: Sequence[MovementDraft],
) -> list[Posted]:
    """Post the movements in order, each judged as if posted alone; one result per movement."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    if not drafts:
        raise InvalidInput("Send at least one movement.", field="movements")
    if len(drafts) > MAX_BATCH:
        raise InvalidInput(f"Send at most {MAX_BATCH:,} movements at once.", field="movements")
    actor = actor_of(principal)
    requests = [_request(i, d, merchant_id, actor.label) for i, d in enumerate(drafts)]
    with uow:
        with indexed(lambda j: _as_sent(uow, merchant_id, requests, j)):
            posted = post_in_transaction(
                uow,
                merchant_id=merchant_id,
                planned=[Planned(r) for r in requests],
                actor_user_id=principal.user_id,
            )
        new = [p.movement_id for p in posted if not p.replayed]
        if new:
            uow.audit.record(
                AuditEntry(
                    actor,
                    "inventory.batch_posted",
                    "stock_movements",
                    f"{min(new)}-{max(new)}",
                    merchant_id=merchant_id,
                    details={
                        "sent": len(requests),
                        "posted": len(new),
                        "replayed": len(posted) - len(new),
                    },
                )
            )
        uow.commit()
    return posted


def _request(index: int, draft: MovementDraft, merchant_id: int, actor: str) -> MovementRequest:
    try:
        check_lengths(
            ("idempotency_key", draft.idempotency_key, MAX_KEY_LENGTH),
            ("reference.id", draft.reference.id, MAX_REFERENCE_LENGTH),
            ("from_place.lot", draft.from_place.lot if draft.from_place else None, MAX_LOT_LENGTH),
            ("to_place.lot", draft.to_place.lot if draft.to_place else None, MAX_LOT_LENGTH),
        )
        return MovementRequest(
            merchant_id=merchant_id,
            sku=draft.sku,
            kind=draft.kind,
            quantity=draft.quantity,
            from_place=draft.from_place,
            to_place=draft.to_place,
            reference=draft.reference,
            idempotency_key=draft.idempotency_key,
            actor=actor,
            reason=draft.reason,
            note=draft.note,
        )
    except DomainError as error:
        error.field = f"movements[{index}].{error.field}" if error.field else f"movements[{index}]"
        raise


def _as_sent(
    uow: InventoryUnitOfWork, merchant_id: int, requests: list[MovementRequest], j: int
) -> int:
    """The index as sent of the j-th movement actually posted (replayed keys are not posted)."""
    recorded = uow.inventory.recorded(merchant_id, {r.idempotency_key for r in requests})
    seen: set[str] = set()
    posted: list[int] = []
    for index, request in enumerate(requests):
        key = request.idempotency_key
        if key not in recorded and key not in seen:
            seen.add(key)
            posted.append(index)
    return posted[j] if j < len(posted) else j
