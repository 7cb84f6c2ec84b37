"""The life of an order: its states and the one transition table every change goes through.

`ORDER_TRANSITIONS` is the single source of truth: services, screens and tests read it, and none
keeps its own copy. In words:

- The happy path: received → allocated → released → picking → packed → shipped.
- Dropship: received → allocated → released (sent to the vendor) → shipped (the vendor picks
  and packs; its tracking is recorded).
- The pipeline (map listings, check the address, route, allocate) takes a received order to
  allocated, or parks it: needs_attention (an exception queue), backordered (not enough stock) or
  on_hold (a routing rule holds it to a named queue).
- Running the pipeline again always passes through received, giving back whatever the order held
  first, so the timeline shows every attempt: needs_attention, backordered and allocated go back
  to received when a person resolves the problem, stock arrives or the channel changes the order;
  on_hold goes back only when a person releases the hold (enforced by `timeline`).
- On the floor (released, picking, packed) an order never goes back to received: it is put on
  hold and a person decides. A short pick sends a picking order to needs_attention.
- Shipping part of the units (a split order, one package of several) makes it partially_shipped,
  which only goes on to shipped.
- Anything not yet shipped may be cancelled. shipped and cancelled are final: a change after
  shipment becomes an exception item, never a state change.
"""

from __future__ import annotations

from enum import StrEnum

from .errors import IllegalOrderTransition


class OrderState(StrEnum):
    # Captured and stored; the pipeline (map listings, check the address, route, allocate) has
    # not finished with it yet. Every order starts here and comes back here to be re-run.
    RECEIVED = "received"
    # Parked in an exception queue (unmapped listing, blocked SKU, bad address, unusual bundle,
    # short pick): a person must resolve it before it can go on.
    NEEDS_ATTENTION = "needs_attention"
    # Every unit is allocated from sellable stock at the location(s) routing chose.
    ALLOCATED = "allocated"
    # Sent to the floor in a wave: it is on a pick list.
    RELEASED = "released"
    # A picker has started scanning its units.
    PICKING = "picking"
    # Every unit is packed into packages; the packages wait for their labels and the carrier.
    PACKED = "packed"
    # Every unit has left with a carrier; tracking is recorded. Final.
    SHIPPED = "shipped"
    # Part of the order's units have shipped (a split order, or one package of several); the
    # rest are still being fulfilled. Only moves on to shipped.
    PARTIALLY_SHIPPED = "partially_shipped"
    # Held on purpose (a person, a routing rule that holds to a named queue, a channel change
    # while on the floor). Never releases by itself: a person releases it.
    ON_HOLD = "on_hold"
    # Waiting for stock: not enough sellable units anywhere routing may draw from.
    BACKORDERED = "backordered"
    # Cancelled (by the channel, the customer or a person) before anything shipped. Final.
    CANCELLED = "cancelled"


_S = OrderState

ORDER_TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    _S.RECEIVED: frozenset(
        {_S.NEEDS_ATTENTION, _S.ALLOCATED, _S.BACKORDERED, _S.ON_HOLD, _S.CANCELLED}
    ),
    _S.NEEDS_ATTENTION: frozenset({_S.RECEIVED, _S.ON_HOLD, _S.CANCELLED}),
    _S.ALLOCATED: frozenset({_S.RELEASED, _S.RECEIVED, _S.ON_HOLD, _S.CANCELLED}),
    # released → shipped: a dropship order is released to its vendor (the vendor is the floor),
    # and the vendor picks and packs it, so its shipment is recorded straight from released.
    _S.RELEASED: frozenset(
        {_S.PICKING, _S.SHIPPED, _S.PARTIALLY_SHIPPED, _S.ON_HOLD, _S.CANCELLED}
    ),
    _S.PICKING: frozenset(
        {_S.PACKED, _S.PARTIALLY_SHIPPED, _S.NEEDS_ATTENTION, _S.ON_HOLD, _S.CANCELLED}
    ),
    _S.PACKED: frozenset({_S.SHIPPED, _S.PARTIALLY_SHIPPED, _S.ON_HOLD, _S.CANCELLED}),
    _S.SHIPPED: frozenset(),
    _S.PARTIALLY_SHIPPED: frozenset({_S.SHIPPED}),
    _S.ON_HOLD: frozenset({_S.RECEIVED, _S.CANCELLED}),
    _S.BACKORDERED: frozenset({_S.RECEIVED, _S.ON_HOLD, _S.CANCELLED}),
    _S.CANCELLED: frozenset(),
}

# No unit has left the building: a cancellation is still possible and releases the allocation.
UNSHIPPED: frozenset[OrderState] = frozenset(
    state for state, moves in ORDER_TRANSITIONS.items() if _S.CANCELLED in moves
)
# Units are on a pick list, in a picker's hands or in a box: changes must stop the floor first.
ON_THE_FLOOR: frozenset[OrderState] = frozenset({_S.RELEASED, _S.PICKING, _S.PACKED})
# Something has left with a carrier: the order can no longer be changed, only flagged.
AFTER_SHIPMENT: frozenset[OrderState] = frozenset({_S.SHIPPED, _S.PARTIALLY_SHIPPED})
# Nothing more will happen to the order.
FINAL: frozenset[OrderState] = frozenset(s for s, moves in ORDER_TRANSITIONS.items() if not moves)


def allowed_transitions(src: OrderState) -> frozenset[OrderState]:
    """The states an order in `src` may move to (for buttons and forms)."""
    return ORDER_TRANSITIONS[src]


def check_transition(src: OrderState, dst: OrderState) -> None:
    """Refuse a move the transition table does not allow, saying what is allowed instead."""
    allowed = ORDER_TRANSITIONS[src]
    if dst in allowed:
        return
    if not allowed:
        raise IllegalOrderTransition(
            f"An order that is {src} cannot become {dst}: {src} is final.", field="state"
        )
    raise IllegalOrderTransition(
        f"An order that is {src} cannot become {dst}; from {src} it may become: "
        f"{', '.join(sorted(allowed))}.",
        field="state",
    )
