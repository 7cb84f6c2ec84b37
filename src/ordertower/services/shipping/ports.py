"""What shipping use cases need from carriers: rates, labels, voids, and tracking numbers.

A `Shipment` is one package going out (an order in three boxes buys three labels, numbered 1–3 of
3). Carriers never run inside a database transaction: the use case buys the label, then records
it, so a crash in between leaves a label to void, never a half-written package.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from ordertower.domain.catalog.measures import Dimensions, Weight
from ordertower.domain.shipping import CarrierCode, ShipMethod


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentAddress:
    """An address as printed on a label. `region` is the state or province as written locally
    ("NY"); `country` is ISO 3166-1 alpha-2. The phone is for the carrier only, never printed.
    """

    name: str
    street: tuple[str, ...]
    city: str
    postal_code: str
    country: str
    region: str = ""
    company: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Parcel:
    weight: Weight
    dimensions: Dimensions | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Shipment:
    """One package: from, to, how, what it weighs, and which of the order's packages it is."""

    reference: str  # what the packer and the buyer recognise: the channel order number
    ship_from: ShipmentAddress
    ship_to: ShipmentAddress
    method: ShipMethod
    parcel: Parcel
    package_number: int = 1
    package_count: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Rate:
    carrier: CarrierCode
    service_code: str
    amount: Decimal
    currency: str
    delivery_days: int | None = None  # business days promised, when the carrier says


@dataclass(frozen=True, slots=True, kw_only=True)
class PurchasedLabel:
    tracking_number: str
    carrier_code: CarrierCode
    service_code: str
    label_pdf: bytes  # one 4×6 in page
    label_zpl: str  # one ^XA…^XZ format for 203 dpi thermal printers


class Carrier(Protocol):
    """A carrier integration. `rate` may return [] when the carrier gives no quotes."""

    @property
    def code(self) -> CarrierCode: ...

    def rate(self, shipment: Shipment) -> list[Rate]: ...

    def buy_label(self, shipment: Shipment) -> PurchasedLabel: ...

    def void(self, tracking_number: str) -> None: ...


class TrackingNumberSource(Protocol):
    """Hands out the next sequence number of one tracking range, never the same one twice, even
    across processes (the database implementation draws on a PostgreSQL sequence). Raises
    TrackingRangeExhausted when the range is used up.
    """

    def take(self) -> int: ...
