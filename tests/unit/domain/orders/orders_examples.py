"""Small builders for order tests: a valid draft by default, changed only where a test says."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from ordertower.domain.channels import ChannelKind
from ordertower.domain.orders import (
    Address,
    CustomerContact,
    LineDraft,
    Order,
    OrderDraft,
    ServiceLevel,
    validate_order,
)

PLACED = dt.datetime(2026, 10, 3, 14, 0, tzinfo=dt.UTC)

SPRINGFIELD = Address(
    name="Alex Tester",
    line1="100 Sample Street",
    line2="Apt 4",
    city="Springfield",
    region="IL",
    postal_code="62701",
    country="US",
    residential=True,
)


def line(line_id: str = "1", **changes: object) -> LineDraft:
    base = LineDraft(
        line_id=line_id,
        channel_sku="MUG-BLK-12OZ",
        quantity=2,
        unit_price=Decimal("17.99"),
        currency="USD",
    )
    return replace(base, **changes)


def draft(**changes: object) -> OrderDraft:
    base = OrderDraft(
        merchant_id=7,
        channel_account_id=3,
        channel=ChannelKind.WALMART,
        external_order_id="108000000000001",
        channel_order_number="200000000000001",
        placed_at=PLACED,
        channel_updated_at=PLACED,
        ship_by=PLACED + dt.timedelta(days=2),
        deliver_by=PLACED + dt.timedelta(days=5),
        service_level=ServiceLevel.STANDARD,
        service_label="Standard",
        ship_to=SPRINGFIELD,
        customer=CustomerContact(
            name="Alex Tester", email="0A1B2C3D@relay.walmart.com", phone="5555550100"
        ),
        lines=(line("1"), line("2", channel_sku="CAP-RED", quantity=1)),
        tags=("wholesale",),
    )
    return replace(base, **changes)


def order(**changes: object) -> Order:
    return validate_order(draft(**changes))
