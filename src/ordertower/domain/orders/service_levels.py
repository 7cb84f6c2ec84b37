"""How each channel's own service-level labels map to our four levels (`shipping.ServiceLevel`).

The order keeps the channel's own label next to ours (`Order.service_label`), so nothing the
channel said is lost and ship-method rules can still look at it. The levels themselves are
defined once, in domain.shipping, for orders, routing and ship methods alike.
"""

from __future__ import annotations

from ordertower.domain.channels import ChannelKind
from ordertower.domain.shipping import ServiceLevel

_L = ServiceLevel

# Amazon ShipmentServiceLevelCategory (Orders v0: `Expedited`, `FreeEconomy`, `NextDay`, `Priority`,
# `SameDay`, `SecondDay`, `Scheduled`, `Standard`) and fulfillment.fulfillmentServiceLevel (Orders
# v2026-01-01: the same words in SCREAMING_SNAKE_CASE), see reference/amazon-sp-api/ordersV0.json
# and orders_2026-01-01.json. Amazon does not give Priority a day count: it is treated as
# expedited. Same-day maps to next_day (our fastest); its ship-by carries the real deadline.
# Scheduled delivery ships as standard; its deliver-by window carries the appointment.
_AMAZON: dict[str, ServiceLevel] = {
    "STANDARD": _L.STANDARD,
    "FREEECONOMY": _L.STANDARD,
    "SCHEDULED": _L.STANDARD,
    "EXPEDITED": _L.EXPEDITED,
    "PRIORITY": _L.EXPEDITED,
    "SECONDDAY": _L.TWO_DAY,
    "NEXTDAY": _L.NEXT_DAY,
    "SAMEDAY": _L.NEXT_DAY,
}

# Walmart shippingInfo.methodCode (`Standard`, `Express`, `OneDay`, `Freight`, `WhiteGlove`,
# `Value`) and the line fulfillment.shippingProgramType `TWO_DAY`, which a connector passes
# instead of the method code when present; see reference/walmart-marketplace/orders.json.
# Freight and white-glove deliveries are scheduled by the carrier: standard for us.
_WALMART: dict[str, ServiceLevel] = {
    "STANDARD": _L.STANDARD,
    "VALUE": _L.STANDARD,
    "FREIGHT": _L.STANDARD,
    "WHITEGLOVE": _L.STANDARD,
    "EXPRESS": _L.EXPEDITED,
    "TWODAY": _L.TWO_DAY,
    "ONEDAY": _L.NEXT_DAY,
}

# Shopify shipping lines carry the merchant's own rate names (`shippingLines.title` / `code`), so
# there is no fixed vocabulary: the merchant's settings map them, and unknown names stay unmapped.
_BY_CHANNEL: dict[ChannelKind, dict[str, ServiceLevel]] = {
    ChannelKind.AMAZON: _AMAZON,
    ChannelKind.WALMART: _WALMART,
}


def channel_service_level(channel: ChannelKind, label: str) -> ServiceLevel | None:
    """Our level for the channel's label (any case, `_` or not), or None when it is not known.

    A connector that gets None keeps the label and uses the merchant's mapping, or standard.
    """
    key = label.replace("_", "").replace(" ", "").upper()
    return _BY_CHANNEL.get(channel, {}).get(key)
