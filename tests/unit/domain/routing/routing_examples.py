"""Small builders for routing tests: orders and lines with sensible defaults."""

from __future__ import annotations

from decimal import Decimal

from ordertower.domain.channels import ChannelKind
from ordertower.domain.routing import Destination, RoutingLine, RoutingOrder
from ordertower.domain.shipping import ServiceLevel


def line(
    sku: str, units: int = 1, *, line_id: str | None = None, tags: tuple[str, ...] = ()
) -> RoutingLine:
    return RoutingLine(line_id=line_id or sku, sku=sku, units=units, tags=frozenset(tags))


def order(
    *lines: RoutingLine,
    channel: ChannelKind = ChannelKind.SHOPIFY,
    account: int = 1,
    service: ServiceLevel = ServiceLevel.STANDARD,
    country: str = "US",
    region: str = "US-NY",
    postal: str = "10001",
    value: str = "50.00",
    currency: str = "USD",
) -> RoutingOrder:
    return RoutingOrder(
        channel_kind=channel,
        channel_account_id=account,
        service_level=service,
        destination=Destination(country=country, region=region, postal_code=postal),
        lines=lines,
        order_value=Decimal(value),
        currency=currency,
    )
