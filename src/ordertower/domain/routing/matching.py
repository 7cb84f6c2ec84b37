"""Whether an order meets a rule's conditions, and the conditions in words for the explanation."""

from __future__ import annotations

from collections.abc import Iterable

from .inputs import RoutingOrder, normalise_postal
from .rules import Conditions, ValueRange
from .stock import StockView


class OrderFacts:
    """What rules look at, worked out once per order: normalised postal code, SKUs, tags."""

    def __init__(self, order: RoutingOrder, stock: StockView) -> None:
        self.order = order
        self.stock = stock
        self.postal = normalise_postal(order.destination.postal_code)
        self.skus = frozenset(line.sku for line in order.lines)
        self.tags = frozenset(tag for line in order.lines for tag in line.tags)


def matches(when: Conditions, facts: OrderFacts) -> bool:
    """True when every condition given holds (an empty condition always holds)."""
    order = facts.order
    where = order.destination
    return (
        _among(order.channel_kind, when.channel_kinds)
        and _among(order.channel_account_id, when.channel_account_ids)
        and _among(order.service_level, when.service_levels)
        and _among(where.country, when.countries)
        and _among(where.region, when.regions)
        and (
            not when.postal_prefixes
            or any(facts.postal.startswith(normalise_postal(p)) for p in when.postal_prefixes)
        )
        and (not when.skus or not facts.skus.isdisjoint(when.skus))
        and (not when.tags or not facts.tags.isdisjoint(when.tags))
        and (when.order_value is None or _within(order, when.order_value))
        and (not when.stock_positions or facts.stock.position() in when.stock_positions)
    )


def _among(value: object, allowed: frozenset[object]) -> bool:
    return not allowed or value in allowed


def _within(order: RoutingOrder, bounds: ValueRange) -> bool:
    if order.currency != bounds.currency:
        return False
    above = bounds.minimum is None or order.order_value >= bounds.minimum
    return above and (bounds.maximum is None or order.order_value <= bounds.maximum)


def describe(when: Conditions) -> str:
    """The conditions as "channel=walmart, service=two_day"; "any order" when there are none."""
    parts = [
        _listed("channel", when.channel_kinds),
        _listed("account", (str(account) for account in when.channel_account_ids)),
        _listed("service", when.service_levels),
        _listed("country", when.countries),
        _listed("region", when.regions),
        _listed("postal", (f"{prefix}*" for prefix in when.postal_prefixes)),
        _listed("sku", when.skus),
        _listed("tag", when.tags),
        _value(when.order_value),
        _listed("stock", when.stock_positions),
    ]
    return ", ".join(part for part in parts if part) or "any order"


def _listed(name: str, values: Iterable[str]) -> str:
    shown = sorted(values)
    return f"{name}={'|'.join(shown)}" if shown else ""


def _value(bounds: ValueRange | None) -> str:
    if bounds is None:
        return ""
    low = "" if bounds.minimum is None else f"{bounds.minimum}"
    high = "" if bounds.maximum is None else f"{bounds.maximum}"
    return f"value={low}..{high} {bounds.currency}"
