"""The pools stock is held in (inventory statuses), which feed orders, and how units change pool."""

from __future__ import annotations

from enum import StrEnum

from .errors import StatusChangeNotAllowed


class InventoryStatus(StrEnum):
    # Ready to sell direct to consumers; the only pool DTC and marketplace orders allocate from.
    SELLABLE = "sellable"
    # Set aside for an Amazon FBA inbound plan; only FBA shipments and prep work draw on it (a
    # cancelled plan sends it back to sellable).
    FBA_BOUND = "fba_bound"
    # Being prepped for FBA (labels, poly bags, sets); prep stations move it on to fba_bound when
    # done, or back to sellable if the plan is cancelled.
    IN_PREP = "in_prep"
    # Frozen by a person (suspected problem, customer or audit hold); nothing ships or allocates
    # from it until a person releases it (to sellable or fba_bound) or sends it to quarantine.
    HOLD = "hold"
    # Not fit to sell; leaves only by disposal, return to vendor or re-inspection in quarantine.
    DAMAGED = "damaged"
    # Customer returns received but not yet graded; only the returns disposition takes from it.
    RETURN_PENDING = "return_pending"
    # Awaiting inspection (new supplier, suspect lot, regraded return); only inspectors release it.
    QUARANTINE = "quarantine"


_S = InventoryStatus

# Where a unit may go from each pool by a status change. Damaged is reachable from every other pool
# because a unit can break anywhere; leaving damaged always goes through quarantine, so a person
# inspects it before it can be sold again. return_pending is entered only by a return receipt.
STATUS_CHANGES: dict[InventoryStatus, frozenset[InventoryStatus]] = {
    _S.SELLABLE: frozenset({_S.FBA_BOUND, _S.IN_PREP, _S.HOLD, _S.QUARANTINE, _S.DAMAGED}),
    _S.FBA_BOUND: frozenset({_S.SELLABLE, _S.IN_PREP, _S.HOLD, _S.QUARANTINE, _S.DAMAGED}),
    _S.IN_PREP: frozenset({_S.FBA_BOUND, _S.SELLABLE, _S.HOLD, _S.DAMAGED}),
    _S.HOLD: frozenset({_S.SELLABLE, _S.FBA_BOUND, _S.QUARANTINE, _S.DAMAGED}),
    _S.DAMAGED: frozenset({_S.QUARANTINE}),
    _S.RETURN_PENDING: frozenset({_S.SELLABLE, _S.IN_PREP, _S.QUARANTINE, _S.DAMAGED}),
    _S.QUARANTINE: frozenset({_S.SELLABLE, _S.IN_PREP, _S.HOLD, _S.DAMAGED}),
}

# The pools orders may allocate from: DTC and marketplace orders never touch any other pool.
ALLOCATABLE_FOR_ORDERS: frozenset[InventoryStatus] = frozenset({_S.SELLABLE})


def allowed_status_changes(src: InventoryStatus) -> frozenset[InventoryStatus]:
    """The pools a unit in `src` may be moved to (for forms and buttons)."""
    return STATUS_CHANGES[src]


def check_status_change(src: InventoryStatus, dst: InventoryStatus) -> None:
    """Refuse a status change the transition table does not allow."""
    if dst in STATUS_CHANGES[src]:
        return
    allowed = ", ".join(sorted(STATUS_CHANGES[src])) or "nothing"
    raise StatusChangeNotAllowed(
        f"Units cannot change from {src} to {dst}; from {src} they may go to: {allowed}.",
        field="to_place.status",
    )
