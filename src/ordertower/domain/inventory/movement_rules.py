"""The shape every movement must have, by kind; each refusal names the field that is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from .errors import InvalidMovement
from .movement_kinds import MovementKind
from .places import Place
from .pools import InventoryStatus, check_status_change
from .reasons import DISPOSAL_REASONS, REASONS_THAT_ADD, REASONS_THAT_REMOVE

if TYPE_CHECKING:
    from .movements import MovementRequest

# Far above any real movement, far below what a database integer column holds.
MAX_QUANTITY = 1_000_000_000
MAX_KEY_LENGTH = 200
# What the ledger's columns hold (tables/inventory.py): longer values are refused here, clearly.
MAX_IDEMPOTENCY_KEY_LENGTH = 128
MAX_REFERENCE_LENGTH = 64
MAX_LOT_LENGTH = 64
MAX_NOTE_LENGTH = 2000

_S = InventoryStatus
# Pools a receipt may put units in: receivers classify on arrival, FBA-destined stock included.
RECEIPT_STATUSES = frozenset({_S.SELLABLE, _S.FBA_BOUND, _S.HOLD, _S.QUARANTINE, _S.DAMAGED})
# Pools a shipment may take from: orders ship sellable stock, FBA shipments ship fba_bound stock.
SHIPMENT_STATUSES = frozenset({_S.SELLABLE, _S.FBA_BOUND})
_K = MovementKind
_TAKES_ONLY = frozenset({_K.SHIPMENT, _K.DISPOSAL})
_PUTS_ONLY = frozenset({_K.RECEIPT, _K.RETURN_RECEIPT})


def check_movement_shape(request: MovementRequest) -> None:
    """Refuse a movement whose fields do not fit together, naming the first field that is wrong."""
    _check_text(request.sku, "sku")
    _check_text(request.actor, "actor")
    _check_text(request.idempotency_key, "idempotency_key", limit=MAX_IDEMPOTENCY_KEY_LENGTH)
    _check_text(request.reference.id, "reference.id", limit=MAX_REFERENCE_LENGTH)
    if len(request.note) > MAX_NOTE_LENGTH:
        _refuse("note", f"note must be at most {MAX_NOTE_LENGTH} characters.")
    _check_quantity(request.quantity)
    for place, field in ((request.from_place, "from_place"), (request.to_place, "to_place")):
        if place is not None:
            _check_place(place, field)
    kind = request.kind
    if kind in _TAKES_ONLY or kind in _PUTS_ONLY:
        _check_one_sided(request)
    elif kind is _K.ADJUSTMENT:
        _check_adjustment(request)
    else:
        _check_two_sided(request)


def _refuse(field: str, message: str) -> NoReturn:
    raise InvalidMovement(message, field=field)


def _check_text(value: str, field: str, *, limit: int = MAX_KEY_LENGTH) -> None:
    if not value or not value.strip():
        _refuse(field, f"{field} is required and must not be blank.")
    if len(value) > limit:
        _refuse(field, f"{field} must be at most {limit} characters.")


def _check_id(value: int, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        _refuse(field, f"{field} must be the id of an existing record, got {value!r}.")


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        _refuse("quantity", f"quantity must be a whole number of units, got {quantity!r}.")
    if not 0 < quantity <= MAX_QUANTITY:
        _refuse("quantity", f"quantity must be between 1 and {MAX_QUANTITY}, got {quantity}.")


def _check_place(place: Place, field: str) -> None:
    _check_id(place.location_id, f"{field}.location_id")
    if place.bin_id is not None:
        _check_id(place.bin_id, f"{field}.bin_id")
    if place.lot is not None:
        _check_text(place.lot, f"{field}.lot", limit=MAX_LOT_LENGTH)


def _check_one_sided(request: MovementRequest) -> None:
    kind = request.kind
    if kind in _PUTS_ONLY:
        if request.from_place is not None:
            _refuse("from_place", f"A {kind} takes units from nowhere: leave from_place empty.")
        if request.to_place is None:
            _refuse("to_place", f"A {kind} needs to_place: where the units land.")
        landing = RECEIPT_STATUSES if kind is _K.RECEIPT else frozenset({_S.RETURN_PENDING})
        if request.to_place.status not in landing:
            allowed = ", ".join(sorted(landing))
            _refuse("to_place.status", f"A {kind} lands units in {allowed} only.")
        return
    if request.to_place is not None:
        _refuse("to_place", f"A {kind} puts units nowhere: leave to_place empty.")
    if request.from_place is None:
        _refuse("from_place", f"A {kind} needs from_place: where the units are taken from.")
    if kind is _K.SHIPMENT and request.from_place.status not in SHIPMENT_STATUSES:
        _refuse("from_place.status", "Shipments take sellable or fba_bound units only.")
    if kind is _K.DISPOSAL and request.reason not in DISPOSAL_REASONS:
        allowed = ", ".join(sorted(DISPOSAL_REASONS))
        _refuse("reason", f"A disposal needs one of these reasons: {allowed}.")


def _check_adjustment(request: MovementRequest) -> None:
    up, down = request.to_place is not None, request.from_place is not None
    if up == down:
        _refuse(
            "to_place",
            "An adjustment goes one way: set to_place to add units or from_place to remove them.",
        )
    reasons = REASONS_THAT_ADD if up else REASONS_THAT_REMOVE
    if request.reason not in reasons:
        direction = "add" if up else "remove"
        allowed = ", ".join(sorted(reasons))
        _refuse("reason", f"An adjustment that {direction}s units needs one of: {allowed}.")


def _check_two_sided(request: MovementRequest) -> None:
    kind, src, dst = request.kind, request.from_place, request.to_place
    if src is None:
        _refuse("from_place", f"A {kind} needs from_place.")
    if dst is None:
        _refuse("to_place", f"A {kind} needs to_place.")
    if (src.lot, src.expires_on) != (dst.lot, dst.expires_on):
        _refuse("to_place.lot", "Moving units never changes their lot or expiry date.")
    if kind is _K.STATUS_CHANGE:
        if src.location_id != dst.location_id:
            _refuse("to_place.location_id", "A status change stays in its location.")
        check_status_change(src.status, dst.status)
        return
    if src.status != dst.status:
        _refuse("to_place.status", f"A {kind} keeps the pool; use a status change to change it.")
    if kind is _K.PUTAWAY:
        if src.location_id != dst.location_id:
            _refuse("to_place.location_id", "Putaway stays in its location; use a transfer.")
        if dst.bin_id is None:
            _refuse("to_place.bin_id", "Putaway puts units into a bin: set to_place.bin_id.")
    if src == dst:
        _refuse("to_place", f"A {kind} must move units somewhere else than from_place.")
