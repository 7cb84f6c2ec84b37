"""The order exception queues: why an order (or a line) needs a person, and what the person may do.

Receiving and count reasons live in domain.exception_queue; the values here never repeat theirs,
so one queue can hold both. Each reason either parks the order in a state (`PARKS_IN`) or only
flags it while it keeps going; resolving a parked order runs the pipeline again.
"""

from __future__ import annotations

from enum import StrEnum

from .errors import ResolveActionNotAllowed
from .states import OrderState


class OrderExceptionReason(StrEnum):
    # A line's listing (channel SKU) has no SKU mapping, or a SKU line names no catalog SKU.
    UNMAPPED_LISTING = "unmapped_listing"
    # A line draws a SKU that is blocked in the catalog (recall, compliance, quality problem).
    BLOCKED_SKU = "blocked_sku"
    # The ship-to address is incomplete or malformed (country, region, postal code), or is a PO
    # box / military address with a service that cannot deliver there.
    INVALID_ADDRESS = "invalid_address"
    # Not enough sellable stock where routing may draw from: the order is backordered.
    INSUFFICIENT_STOCK = "insufficient_stock"
    # A line's bundle has a component that is not in the catalog: it cannot be kitted.
    UNUSUAL_BUNDLE = "unusual_bundle"
    # A person (or a routing rule holding to a named queue) put the order on hold.
    MANUAL_HOLD = "manual_hold"
    # The ship-by deadline is close for the work still to do (see `ship_by`), or has passed.
    SHIP_BY_AT_RISK = "ship_by_at_risk"
    # The channel changed or cancelled the order after (part of) it shipped: nothing was
    # applied; a person decides (intercept, return, refund in the channel).
    CHANGED_AFTER_SHIPMENT = "changed_after_shipment"
    # The channel changed the order while it was on the floor (released, picking, packed): the
    # change was stored and the order held so the floor stops before a person re-runs it.
    CHANGED_DURING_FULFILLMENT = "changed_during_fulfillment"
    # A picker could not find all the units at the bin the pick list sent them to.
    SHORT_PICK = "short_pick"
    # The order left the floor (cancelled or held) after units were picked or packed: put them
    # back in the bins they came from (the books never moved them) and void unshipped labels.
    RETURN_TO_BIN = "return_to_bin"


class ResolveAction(StrEnum):
    MAP_LISTING_AND_RETRY = "map_listing_and_retry"  # map the listing/SKU, run the pipeline again
    CORRECT_ADDRESS = "correct_address"  # store a corrected address, run the pipeline again
    RELEASE_HOLD = "release_hold"  # a person releases the hold: the pipeline runs again
    SPLIT = "split"  # ship what can ship now; the rest becomes its own part of the order
    ALLOCATE_FROM_ANOTHER_LOCATION = "allocate_from_another_location"  # route elsewhere
    CANCEL = "cancel"  # cancel the order (in the channel too) and release what it holds
    ACKNOWLEDGE = "acknowledge"  # noted and dealt with outside the order; the note says how


_R, _A = OrderExceptionReason, ResolveAction

# The actions each reason offers, in the order screens show them (most likely first).
RESOLVE_ACTIONS: dict[OrderExceptionReason, tuple[ResolveAction, ...]] = {
    _R.UNMAPPED_LISTING: (_A.MAP_LISTING_AND_RETRY, _A.SPLIT, _A.CANCEL),
    _R.BLOCKED_SKU: (_A.MAP_LISTING_AND_RETRY, _A.SPLIT, _A.CANCEL),
    _R.INVALID_ADDRESS: (_A.CORRECT_ADDRESS, _A.CANCEL),
    _R.INSUFFICIENT_STOCK: (_A.ALLOCATE_FROM_ANOTHER_LOCATION, _A.SPLIT, _A.CANCEL),
    _R.UNUSUAL_BUNDLE: (_A.MAP_LISTING_AND_RETRY, _A.SPLIT, _A.CANCEL),
    _R.MANUAL_HOLD: (_A.RELEASE_HOLD, _A.CANCEL),
    _R.SHIP_BY_AT_RISK: (_A.ALLOCATE_FROM_ANOTHER_LOCATION, _A.SPLIT, _A.ACKNOWLEDGE, _A.CANCEL),
    _R.CHANGED_AFTER_SHIPMENT: (_A.ACKNOWLEDGE,),
    _R.CHANGED_DURING_FULFILLMENT: (_A.RELEASE_HOLD, _A.CANCEL),
    _R.SHORT_PICK: (_A.ALLOCATE_FROM_ANOTHER_LOCATION, _A.SPLIT, _A.CANCEL),
    _R.RETURN_TO_BIN: (_A.ACKNOWLEDGE,),
}

# Where each reason parks the order; None: the order keeps its state and the item only flags it
# (a ship-by risk must not stop the work that removes it; a shipped order cannot move back).
PARKS_IN: dict[OrderExceptionReason, OrderState | None] = {
    _R.UNMAPPED_LISTING: OrderState.NEEDS_ATTENTION,
    _R.BLOCKED_SKU: OrderState.NEEDS_ATTENTION,
    _R.INVALID_ADDRESS: OrderState.NEEDS_ATTENTION,
    _R.INSUFFICIENT_STOCK: OrderState.BACKORDERED,
    _R.UNUSUAL_BUNDLE: OrderState.NEEDS_ATTENTION,
    _R.MANUAL_HOLD: OrderState.ON_HOLD,
    _R.SHIP_BY_AT_RISK: None,
    _R.CHANGED_AFTER_SHIPMENT: None,
    _R.CHANGED_DURING_FULFILLMENT: OrderState.ON_HOLD,
    _R.SHORT_PICK: OrderState.NEEDS_ATTENTION,
    _R.RETURN_TO_BIN: None,
}


def check_resolve_action(reason: OrderExceptionReason, action: ResolveAction) -> None:
    """Refuse an action the reason does not offer, naming those it does."""
    allowed = RESOLVE_ACTIONS[reason]
    if action in allowed:
        return
    raise ResolveActionNotAllowed(
        f"An item for {reason} cannot be resolved by {action}; use one of: {', '.join(allowed)}.",
        field="action",
    )
