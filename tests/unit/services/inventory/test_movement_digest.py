"""A movement's digest (which tells a replay from a reused key) stays what it has always been."""

import datetime as dt
import hashlib
import json
from dataclasses import asdict

import pytest

from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    ReasonCode,
    Reference,
    ReferenceKind,
)
from ordertower.services.inventory.posting import Planned, _digest


def _as_first_written(planned: Planned) -> str:
    payload = {**asdict(planned.request), "consumes_allocation": planned.consumes_allocation}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


RECEIPT = MovementRequest(
    merchant_id=3,
    sku="SKU-Ä",
    kind=MovementKind.RECEIPT,
    quantity=12,
    from_place=None,
    to_place=Place(7, 41, InventoryStatus.SELLABLE, lot="L-9", expires_on=dt.date(2027, 3, 1)),
    reference=Reference(ReferenceKind.RECEIPT, "R-1"),
    idempotency_key="k-1",
    actor="user:5",
)
ADJUSTMENT = MovementRequest(
    merchant_id=3,
    sku="SKU-B",
    kind=MovementKind.ADJUSTMENT,
    quantity=2,
    from_place=Place(7, None, InventoryStatus.DAMAGED),
    to_place=None,
    reference=Reference(ReferenceKind.ADJUSTMENT, "A-1"),
    idempotency_key="k-2",
    actor="user:5",
    reason=ReasonCode.LOST,
    note="fell off the shelf",
)


@pytest.mark.parametrize(
    "planned", [Planned(RECEIPT), Planned(ADJUSTMENT), Planned(ADJUSTMENT, consumes_allocation=8)]
)
def test_the_digest_is_the_one_stored_for_earlier_movements(planned) -> None:
    assert _digest(planned) == _as_first_written(planned)


def test_different_movements_have_different_digests() -> None:
    assert _digest(Planned(RECEIPT)) != _digest(Planned(ADJUSTMENT))
