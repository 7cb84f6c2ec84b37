"""Stock for test fixtures: sellable units received into a place through the real posting service."""

from __future__ import annotations

from typing import Any

from ordertower.domain.inventory import (
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.tenancy import Principal
from ordertower.services.inventory.posting import post_movements


def receive(
    runtime: Any,
    principal: Principal,
    merchant_id: int,
    sku: str,
    quantity: int,
    place: Place,
    key: str,
) -> None:
    """Post one receipt of `quantity` × `sku` into `place`; `key` is its idempotency key."""
    post_movements(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        requests=[
            MovementRequest(
                merchant_id=merchant_id,
                sku=sku,
                kind=MovementKind.RECEIPT,
                quantity=quantity,
                from_place=None,
                to_place=place,
                reference=Reference(ReferenceKind.RECEIPT, "R1"),
                idempotency_key=key,
                actor="tests",
            )
        ],
    )
