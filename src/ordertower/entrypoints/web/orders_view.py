"""How orders read on screen: state badges, ship-by urgency, routing in words, resolve actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ordertower.domain.orders import (
    FINAL,
    RESOLVE_ACTIONS,
    WORK_REMAINING,
    OrderExceptionReason,
    OrderState,
    ResolveAction,
    ShipByRisk,
    ship_by_risk,
)
from ordertower.services.orders.views import OrderSummary

from .forms import shown_time

_S = OrderState
# Badge colour per state: red waits for a person, amber waits for stock or a release, blue is on
# the floor, green is done.
STATE_BADGES: dict[OrderState, str] = {
    _S.RECEIVED: "neutral",
    _S.NEEDS_ATTENTION: "danger",
    _S.ALLOCATED: "accent",
    _S.RELEASED: "info",
    _S.PICKING: "info",
    _S.PACKED: "info",
    _S.SHIPPED: "success",
    _S.PARTIALLY_SHIPPED: "warning",
    _S.ON_HOLD: "warning",
    _S.BACKORDERED: "warning",
    _S.CANCELLED: "neutral",
}
REASON_NAMES: dict[OrderExceptionReason, str] = {
    OrderExceptionReason.UNMAPPED_LISTING: "Unmapped listing",
    OrderExceptionReason.BLOCKED_SKU: "Blocked SKU",
    OrderExceptionReason.INVALID_ADDRESS: "Invalid address",
    OrderExceptionReason.INSUFFICIENT_STOCK: "Backordered",
    OrderExceptionReason.UNUSUAL_BUNDLE: "Unusual bundle",
    OrderExceptionReason.MANUAL_HOLD: "Held",
    OrderExceptionReason.SHIP_BY_AT_RISK: "Ship-by at risk",
    OrderExceptionReason.CHANGED_AFTER_SHIPMENT: "Changed after shipment",
    OrderExceptionReason.CHANGED_DURING_FULFILLMENT: "Changed on the floor",
    OrderExceptionReason.SHORT_PICK: "Short pick",
    OrderExceptionReason.RETURN_TO_BIN: "Return to bin",
}
ACTION_NAMES: dict[ResolveAction, str] = {
    ResolveAction.MAP_LISTING_AND_RETRY: "Map to a SKU and retry",
    ResolveAction.CORRECT_ADDRESS: "Correct the address",
    ResolveAction.RELEASE_HOLD: "Release the hold",
    ResolveAction.ALLOCATE_FROM_ANOTHER_LOCATION: "Allocate from another location",
    ResolveAction.SPLIT: "Split the order",
    ResolveAction.CANCEL: "Cancel the order",
    ResolveAction.ACKNOWLEDGE: "Acknowledge",
}


def state_name(state: str) -> str:
    return str(state).replace("_", " ")


def reason_name(code: str) -> str:
    try:
        return REASON_NAMES[OrderExceptionReason(code)]
    except ValueError:
        return code.replace("_", " ")


def actions_for(code: str) -> tuple[ResolveAction, ...]:
    """The resolve actions an item's reason offers, most likely first (none for other reasons)."""
    try:
        return RESOLVE_ACTIONS[OrderExceptionReason(code)]
    except ValueError:
        return ()


def risk_of(state: OrderState, ship_by: dt.datetime | None, now: dt.datetime) -> ShipByRisk | None:
    """How the order stands against its ship-by (None once it is shipped or cancelled)."""
    if state in FINAL or state not in WORK_REMAINING:
        return None
    return ship_by_risk(ship_by=ship_by, now=now, work_remaining=WORK_REMAINING[state])


def age_in_words(since: dt.datetime, now: dt.datetime) -> str:
    """5 min, 3 h, 2 d: how long something has waited."""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def order_row(order: OrderSummary, now: dt.datetime) -> dict[str, Any]:
    """One row of the orders list, ready to print."""
    risk = risk_of(order.state, order.ship_by, now)
    return {
        "id": order.id,
        "number": order.channel_order_number or order.external_order_id,
        "external_id": order.external_order_id,
        "channel": order.channel,
        "customer": order.customer_name,
        "placed": shown_time(order.placed_at),
        "ship_by": shown_time(order.ship_by) if order.ship_by else "",
        "urgent": risk in (ShipByRisk.AT_RISK, ShipByRisk.LATE),
        "risk": state_name(risk) if risk in (ShipByRisk.AT_RISK, ShipByRisk.LATE) else "",
        "state": state_name(order.state),
        "badge": STATE_BADGES[order.state],
        "hold_queue": order.hold_queue,
        "units": order.units,
        "total": f"{order.total:,.2f} {order.currency}",
    }


def routing_in_words(routing: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The stored routing decision as the detail page shows it: outcome, rule, who ships what."""
    if not routing:
        return None
    kind = routing.get("kind")
    rule = routing.get("rule")
    decided_by = f"rule {rule}" if rule is not None else "the default"
    shipments: list[tuple[str, list[tuple[str, int]]]] = []
    if kind == "assigned":
        for a in routing.get("assignments") or []:
            lines = [
                (str(line.get("sku", "")), int(line.get("units", 0))) for line in a.get("lines", [])
            ]
            shipments.append((str(a.get("location", "")), lines))
        outcome = "Ships from " + " + ".join(code for code, _ in shipments) if shipments else ""
        tone = "success"
    elif kind in ("dropship", "dropshipped"):  # dropship: allocated with a vendor request
        outcome, tone = f"Dropshipped via {routing.get('vendor_location', '')}", "info"
    elif kind == "held":
        outcome, tone = f"Held in queue {routing.get('queue', '')}", "warning"
    else:
        outcome, tone = str(kind or "Not routed").replace("_", " ").capitalize(), "neutral"
    return {"outcome": outcome, "decided_by": decided_by, "tone": tone, "shipments": shipments}
