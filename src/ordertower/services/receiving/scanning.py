"""Receiving by scan: a scanned code becomes units in the receiving bin, one ledger movement each.

The scan's client id makes a double-submitted scan (a scanner bounce, a retried request) a no-op:
the second submission returns the first scan, and posts nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ordertower.domain.errors import IllegalTransition, InvalidInput
from ordertower.domain.inventory import (
    MAX_QUANTITY,
    IdempotencyKeyReused,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.inventory.inbound_states import ReceiptStatus
from ordertower.domain.inventory.scan_codes import (
    ScanLookup,
    ambiguous_code,
    read_scan,
    unknown_code,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.ports import ProductRef
from ordertower.services.inventory.posting import Planned, post_in_transaction

from .ports import NewScan, Receipt, ReceiptScan
from .receipt_views import ReceiptView, load_view
from .receipts import find_receipt
from .unit_of_work import ReceivingUnitOfWork
from .wording import actor_label

S = InventoryStatus
MAX_CLIENT_ID_LENGTH = 80
MAX_LOT_LENGTH = 64
# Pools good units may be received into (damaged units always land in damaged).
GOOD_POOLS = frozenset({S.SELLABLE, S.FBA_BOUND, S.HOLD, S.QUARANTINE})


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanInput:
    code: str  # a product barcode, FNSKU or SKU, as scanned
    client_scan_id: str  # unique per scan on the client: a resubmission is recognised by it
    quantity: int = 1
    damaged: bool = False
    pool: InventoryStatus | None = None  # default: the receipt's destination
    lot: str | None = None
    expires_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Scanned:
    scan: ReceiptScan
    replayed: bool  # the same scan was submitted before: nothing changed
    view: ReceiptView


def receive_scan(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    receipt_id: int,
    scan: ScanInput,
) -> Scanned:
    """Land the scanned units in the receipt's receiving bin (or location), in the right pool."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    client_id = check_client_id(scan.client_scan_id, field="client_scan_id")
    check_quantity(scan.quantity)
    lookup = read_scan(scan.code)
    lot = check_lot(scan.lot)
    with uow:
        receipt = find_receipt(uow, merchant_id, receipt_id, lock=True)
        earlier = uow.receipts.scan_by_client_id(
            merchant_id=merchant_id, receipt_id=receipt_id, client_scan_id=client_id
        )
        if earlier is not None:
            _same_scan(earlier, scan, lookup, lot)
            return Scanned(earlier, True, load_view(uow, merchant_id, receipt))
        if receipt.status is not ReceiptStatus.RECEIVING:
            raise IllegalTransition(
                f"Receipt {receipt_id} is {receipt.status}: it takes no more scans. Start a new "
                "receipt for goods that arrive later.",
                field="receipt_id",
            )
        product = resolve_product(uow, merchant_id, lookup)
        pool = _pool(receipt, scan)
        _check_expiry(product, scan.expires_on)
        added = uow.receipts.add_scan(
            merchant_id=merchant_id,
            scan=NewScan(
                receipt_id=receipt_id,
                client_scan_id=client_id,
                scanned_code=lookup.code,
                product_id=product.id,
                quantity=scan.quantity,
                damaged=scan.damaged,
                status=pool,
                lot=lot,
                expires_on=scan.expires_on,
                user_id=principal.user_id,
            ),
        )
        assert added is not None, "the receipt row lock serialises scans of one receipt"
        posted = post_in_transaction(
            uow,
            merchant_id=merchant_id,
            planned=[Planned(_movement(principal, receipt, added))],
            actor_user_id=principal.user_id,
        )
        uow.receipts.set_scan_movement(
            merchant_id=merchant_id, scan_id=added.id, movement_id=posted[0].movement_id
        )
        view = load_view(uow, merchant_id, receipt)
        uow.commit()
    return Scanned(next(s for s in view.scans if s.id == added.id), False, view)


def resolve_product(
    uow: ReceivingUnitOfWork, merchant_id: int, lookup: ScanLookup, *, field: str = "code"
) -> ProductRef:
    """The one stocked product a code names; unknown, ambiguous and bundle codes are refused."""
    found = uow.floor.products_by_code(merchant_id=merchant_id, lookup=lookup)
    if not found:
        raise unknown_code(lookup, field=field)
    if len(found) > 1:
        raise ambiguous_code(lookup, [p.sku for p in found], field=field)
    product = found[0]
    if product.kind == "bundle":
        raise InvalidInput(
            f"{lookup.code!r} is bundle {product.sku}: it has no stock of its own; scan the "
            "units inside it.",
            field=field,
        )
    return product


def check_client_id(value: str, *, field: str) -> str:
    text = value.strip()
    if not text or len(text) > MAX_CLIENT_ID_LENGTH:
        raise InvalidInput(
            f"{field} is required: 1 to {MAX_CLIENT_ID_LENGTH} characters, unique per scan.",
            field=field,
        )
    return text


def check_quantity(quantity: int) -> None:
    if (
        isinstance(quantity, bool)
        or not isinstance(quantity, int)
        or not (1 <= quantity <= MAX_QUANTITY)
    ):
        raise InvalidInput(
            f"quantity must be a whole number of units from 1 to {MAX_QUANTITY}, not {quantity!r}.",
            field="quantity",
        )


def check_lot(lot: str | None) -> str:
    text = (lot or "").strip()
    if len(text) > MAX_LOT_LENGTH:
        raise InvalidInput(f"lot must be at most {MAX_LOT_LENGTH} characters.", field="lot")
    return text


def _pool(receipt: Receipt, scan: ScanInput) -> InventoryStatus:
    if scan.damaged:
        if scan.pool not in (None, S.DAMAGED):
            raise InvalidInput(
                f"Damaged units land in the damaged pool, not {scan.pool}; leave pool out.",
                field="pool",
            )
        return S.DAMAGED
    pool = scan.pool or receipt.destination
    if pool not in GOOD_POOLS:
        allowed = ", ".join(sorted(GOOD_POOLS))
        raise InvalidInput(
            f"Received units go to {allowed}; mark damaged units as damaged instead.",
            field="pool",
        )
    return pool


def _check_expiry(product: ProductRef, expires_on: dt.date | None) -> None:
    if product.expiration_dated and expires_on is None:
        raise InvalidInput(
            f"{product.sku} is expiration-dated: give the expiry date printed on the units.",
            field="expires_on",
        )
    if not product.expiration_dated and expires_on is not None:
        raise InvalidInput(
            f"{product.sku} is not expiration-dated; leave expires_on out.", field="expires_on"
        )


def _same_scan(earlier: ReceiptScan, scan: ScanInput, lookup: ScanLookup, lot: str) -> None:
    same = (
        earlier.scanned_code == lookup.code
        and earlier.quantity == scan.quantity
        and earlier.damaged == scan.damaged
        and earlier.lot == lot
        and earlier.expires_on == scan.expires_on
        and (scan.pool is None or scan.damaged or earlier.status == scan.pool)
    )
    if not same:
        raise IdempotencyKeyReused(
            f"Scan {earlier.client_scan_id!r} was already recorded with other contents "
            f"({earlier.quantity} × {earlier.sku}); send a new client_scan_id for a new scan.",
            field="client_scan_id",
        )


def _movement(principal: Principal, receipt: Receipt, scan: ReceiptScan) -> MovementRequest:
    return MovementRequest(
        merchant_id=receipt.merchant_id,
        sku=scan.sku,
        kind=MovementKind.RECEIPT,
        quantity=scan.quantity,
        from_place=None,
        to_place=Place(
            receipt.location_id,
            receipt.receiving_bin_id,
            scan.status,
            scan.lot or None,
            scan.expires_on,
        ),
        reference=Reference(ReferenceKind.RECEIPT, str(receipt.id)),
        idempotency_key=f"receipt:{receipt.id}:scan:{scan.client_scan_id}",
        actor=actor_label(principal),
        note=f"scanned {scan.scanned_code}" + (" (damaged)" if scan.damaged else ""),
    )
