"""A known shipping label and shipment for label and carrier tests."""

from __future__ import annotations

from decimal import Decimal

from ordertower.adapters.labels import ShippingLabel
from ordertower.domain.catalog.measures import Weight, WeightUnit
from ordertower.services.shipping.ports import ShipmentAddress

WAREHOUSE = ShipmentAddress(
    name="OrderTower East",
    company="Acme Goods LLC",
    street=("100 Dock Road", "Door 4"),
    city="Edison",
    region="NJ",
    postal_code="08817",
    country="US",
    phone="+1 732 555 0100",
)
BUYER = ShipmentAddress(
    name="Zoë Müller",
    street=("12 Elm St", "Apt 3^B"),
    city="New York",
    region="NY",
    postal_code="10001",
    country="US",
    phone="+1 212 555 0199",
)


def known_label(**changes: object) -> ShippingLabel:
    fields: dict[str, object] = {
        "ship_from": WAREHOUSE,
        "ship_to": BUYER,
        "carrier_name": "Own delivery",
        "service_name": "Own account Two-Day",
        "tracking_number": "OT00000012342",
        "weight": Weight(Decimal("2.50"), WeightUnit.POUND),
        "package_number": 1,
        "package_count": 2,
        "reference": "#1001",
    }
    fields.update(changes)
    return ShippingLabel(**fields)  # type: ignore[arg-type]
