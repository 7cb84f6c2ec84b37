"""Putaway: scan a bin, scan a product, move units of a receipt from receiving into that bin.

When nothing of a closed receipt waits in receiving any more, the receipt is put away and its
dock-to-stock time (arrival to the last unit put away) is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ordertower.domain.errors import IllegalTransition, InvalidInput
from ordertower.domain.inventory import (
    IdempotencyKeyReused,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.inventory.inbound_states import ReceiptStatus
from ordertower.domain.inventory.scan_codes import read_scan
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.posting import Planned, post_in_transaction

from .places import storage_bin
from .ports import NewPutaway, Receipt, ReceiptPutaway
from .receipt_views import ReceiptView, Waiting, load_view
from .receipts import find_receipt, finish_putaway
from .scanning import check_client_id, check_lot, check_quantity, resolve_product
from .unit_of_work import ReceivingUnitOfWork
from .wording import actor_label


@dataclass(frozen=True, slots=True, kw_only=True)
class PutawayInput:
    bin: str  # the scanned bin label (its barcode)
    code: str  # the scanned product: barcode, FNSKU or SKU
    quantity: int
    client_putaway_id: str  # unique per putaway on the client: a resubmission is a no-op
    pool: InventoryStatus | None = None  # needed when the SKU waits in several pools
    lot: str | None = None  # needed when the SKU waits in several lots


@dataclass(frozen=True, slots=True)
class PutAway:
    putaway: ReceiptPutaway
    replayed: bool
    view: ReceiptView


def put_away(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    receipt_id: int,
    putaway: PutawayInput,
) -> PutAway:
    """Move received units from the receiving bin into a storage bin (one PUTAWAY movement)."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    client_id = check_client_id(putaway.client_putaway_id, field="client_putaway_id")
    check_quantity(putaway.quantity)
    lookup = read_scan(putaway.code)
    lot = None if putaway.lot is None else check_lot(putaway.lot)
    with uow:
        receipt = find_receipt(uow, merchant_id, receipt_id, lock=True)
        earlier = uow.receipts.putaway_by_client_id(
            merchant_id=merchant_id, receipt_id=receipt_id, client_putaway_id=client_id
        )
        if earlier is not None:
            _same_putaway(earlier, putaway)
            return PutAway(earlier, True, load_view(uow, merchant_id, receipt))
        if receipt.status is ReceiptStatus.PUT_AWAY:
            raise IllegalTransition(
                f"Receipt {receipt_id} is already put away: nothing of it waits in receiving.",
                field="receipt_id",
            )
        target = storage_bin(uow, receipt.location_id, putaway.bin)
        product = resolve_product(uow, merchant_id, lookup)
        before = load_view(uow, merchant_id, receipt)
        source = _waiting(before, product.id, product.sku, putaway.pool, lot)
        if target.id == receipt.receiving_bin_id:
            raise InvalidInput(
                f"Bin {target.code} is where the units wait; put them into another bin.",
                field="bin",
            )
        if putaway.quantity > source.quantity:
            raise InvalidInput(
                f"Only {source.quantity} units of {product.sku} ({source.status}) from receipt "
                f"{receipt_id} wait to be put away, not {putaway.quantity}.",
                field="quantity",
            )
        added = uow.receipts.add_putaway(
            merchant_id=merchant_id,
            putaway=NewPutaway(
                receipt_id=receipt_id,
                client_putaway_id=client_id,
                product_id=product.id,
                quantity=putaway.quantity,
                status=source.status,
                lot=source.lot,
                expires_on=source.expires_on,
                bin_id=target.id,
                user_id=principal.user_id,
            ),
        )
        assert added is not None, "the receipt row lock serialises putaways of one receipt"
        posted = post_in_transaction(
            uow,
            merchant_id=merchant_id,
            planned=[Planned(_movement(principal, receipt, added, source))],
            actor_user_id=principal.user_id,
        )
        uow.receipts.set_putaway_movement(
            merchant_id=merchant_id, putaway_id=added.id, movement_id=posted[0].movement_id
        )
        stored = uow.receipts.putaway_by_client_id(
            merchant_id=merchant_id, receipt_id=receipt_id, client_putaway_id=client_id
        )
        assert stored is not None
        after = load_view(uow, merchant_id, receipt)
        if not after.waiting and receipt.status is ReceiptStatus.RECEIVED:
            finish_putaway(uow, merchant_id, receipt, uow.now())
            after = load_view(uow, merchant_id, find_receipt(uow, merchant_id, receipt_id))
        uow.commit()
    return PutAway(stored, False, after)


def _waiting(
    view: ReceiptView,
    product_id: int,
    sku: str,
    pool: InventoryStatus | None,
    lot: str | None,
) -> Waiting:
    candidates = [
        w
        for w in view.waiting
        if w.product_id == product_id
        and (pool is None or w.status == pool)
        and (lot is None or w.lot == lot)
    ]
    if not candidates:
        raise InvalidInput(
            f"No units of {sku}"
            + (f" ({pool})" if pool else "")
            + (f" lot {lot}" if lot else "")
            + f" from receipt {view.receipt.id} wait in receiving.",
            field="code",
        )
    if len(candidates) > 1:
        listed = ", ".join(
            f"{w.status}{f' lot {w.lot}' if w.lot else ''} ({w.quantity})" for w in candidates
        )
        field = "lot" if len({w.status for w in candidates}) == 1 else "pool"
        raise InvalidInput(
            f"{sku} waits in receiving as {listed}; say which {field} you are putting away.",
            field=field,
        )
    return candidates[0]


def _same_putaway(earlier: ReceiptPutaway, putaway: PutawayInput) -> None:
    if earlier.quantity != putaway.quantity:
        raise IdempotencyKeyReused(
            f"Putaway {earlier.client_putaway_id!r} was already recorded with "
            f"{earlier.quantity} × {earlier.sku}; send a new client_putaway_id for a new putaway.",
            field="client_putaway_id",
        )


def _movement(
    principal: Principal, receipt: Receipt, putaway: ReceiptPutaway, source: Waiting
) -> MovementRequest:
    lot = source.lot or None
    return MovementRequest(
        merchant_id=receipt.merchant_id,
        sku=putaway.sku,
        kind=MovementKind.PUTAWAY,
        quantity=putaway.quantity,
        from_place=Place(
            receipt.location_id, receipt.receiving_bin_id, source.status, lot, source.expires_on
        ),
        to_place=Place(receipt.location_id, putaway.bin_id, source.status, lot, source.expires_on),
        reference=Reference(ReferenceKind.RECEIPT, str(receipt.id)),
        idempotency_key=f"receipt:{receipt.id}:putaway:{putaway.client_putaway_id}",
        actor=actor_label(principal),
    )
