"""Ship methods: each channel's service level → carrier service, and how channels name carriers.

Two pure tables. `DEFAULT_SHIP_METHODS` says which carrier service ships an order of a service level
on a channel (a merchant's own table overrides it); `tracking_carrier` says how the tracking
write-back names that carrier to the channel:

- Amazon `confirmShipment` (Orders v0 `PackageDetail`): `carrierCode` is required in every
  marketplace and `carrierName` is required when `carrierCode` is "Other"; `shippingMethod` is free
  text. Source: reference/amazon-sp-api/ordersV0.json, definitions.PackageDetail; example request
  with `"carrierCode": "UPS", "shippingMethod": "UPS Ground"` in reference/channel-apis.md §2.3, §2.7.
  The model carries no list of codes; "UPS" is the one its examples show (orders_2026-01-01.json
  shows "UPS", "DPD", "Royal Mail" as package carriers). "USPS", "FedEx" and "DHL" are Amazon's
  spellings as far as we know but are UNVERIFIED against a published list: check them against
  Seller Central's carrier code list before relying on them for a real carrier integration.
- Walmart ship (`trackingInfo.carrierName`): either `{"carrier": <enum>}` with values such as
  "UPS", "USPS", "FedEx", "DHL" or `{"otherCarrier": <name>}`, and `trackingURL` is then required
  (so the own-account carrier needs a public tracking page URL before it can confirm on Walmart);
  `methodCode` is one of Standard, Express, OneDay, Freight, WhiteGlove, Value. Source:
  reference/walmart-marketplace/orders.json, components.schemas.CarrierNameType and
  TrackingInfoType.methodCode; reference/channel-apis.md §3.2.
- Shopify `fulfillmentCreate` (`FulfillmentTrackingInput.company`): free text. Source:
  reference/channel-apis.md §1.5.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from .channels import ChannelKind
from .errors import NotFound


class ServiceLevel(StrEnum):
    STANDARD = "standard"  # the channel's ordinary delivery promise (ground, 3–7 business days)
    EXPEDITED = "expedited"  # faster than standard but without a fixed day count (2–3 days)
    TWO_DAY = "two_day"  # delivered within two business days (Walmart TwoDay, Prime two-day)
    NEXT_DAY = "next_day"  # delivered the next business day (Amazon NextDay, Walmart OneDay)


class CarrierCode(StrEnum):
    OWN_ACCOUNT = "own_account"  # the built-in carrier: our own label and tracking number range
    UPS = "ups"  # United Parcel Service
    USPS = "usps"  # United States Postal Service
    FEDEX = "fedex"  # FedEx
    DHL = "dhl"  # DHL (Express or eCommerce)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipMethod:
    """A carrier's service: the code its API takes and the name people and channels read."""

    carrier: CarrierCode
    service_code: str
    service_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackingCarrier:
    """How one channel is told who carries a package.

    `code` is the channel's carrier code; None when the channel takes only a name (Shopify, or
    Walmart's `otherCarrier`). `name` is the free-text carrier name (Amazon requires it with
    code "Other"). `method` is the ship method text or code the channel expects.
    """

    code: str | None
    name: str | None
    method: str


def _own(level: ServiceLevel, name: str) -> ShipMethod:
    return ShipMethod(
        carrier=CarrierCode.OWN_ACCOUNT,
        service_code=f"OWN_{level.upper()}",
        service_name=f"Own account {name}",
    )


_OWN_METHODS: Mapping[ServiceLevel, ShipMethod] = {
    ServiceLevel.STANDARD: _own(ServiceLevel.STANDARD, "Standard"),
    ServiceLevel.EXPEDITED: _own(ServiceLevel.EXPEDITED, "Expedited"),
    ServiceLevel.TWO_DAY: _own(ServiceLevel.TWO_DAY, "Two-Day"),
    ServiceLevel.NEXT_DAY: _own(ServiceLevel.NEXT_DAY, "Next Day"),
}

# Until a merchant configures real carriers, every channel ships every level with the built-in
# own-account carrier, so a warehouse can run without a carrier integration.
DEFAULT_SHIP_METHODS: Mapping[tuple[ChannelKind, ServiceLevel], ShipMethod] = MappingProxyType(
    {(channel, level): method for channel in ChannelKind for level, method in _OWN_METHODS.items()}
)

# Each carrier as Amazon's `carrierCode` and Walmart's `carrier` enum spell it (the same spelling in
# both; see the module docstring), also used as the Shopify tracking company.
_CARRIER_CODES: Mapping[CarrierCode, str] = {
    CarrierCode.UPS: "UPS",
    CarrierCode.USPS: "USPS",
    CarrierCode.FEDEX: "FedEx",
    CarrierCode.DHL: "DHL",
}

# Walmart's TrackingInfoType.methodCode per service level. The enum has no two-day value; reporting
# TwoDay orders as Express is our assumption (UNVERIFIED against Walmart's documentation).
_WALMART_METHOD: Mapping[ServiceLevel, str] = {
    ServiceLevel.STANDARD: "Standard",
    ServiceLevel.EXPEDITED: "Express",
    ServiceLevel.TWO_DAY: "Express",
    ServiceLevel.NEXT_DAY: "OneDay",
}


class NoShipMethod(NotFound):
    code = "no_ship_method"


def ship_method_for(
    channel: ChannelKind,
    level: ServiceLevel,
    *,
    table: Mapping[tuple[ChannelKind, ServiceLevel], ShipMethod] = DEFAULT_SHIP_METHODS,
) -> ShipMethod:
    """The carrier service that ships `level` orders from `channel`, or NoShipMethod."""
    method = table.get((channel, level))
    if method is None:
        raise NoShipMethod(
            f"No ship method is set for {level} orders from {channel}; add one to the "
            "merchant's ship method table.",
            field="service_level",
        )
    return method


def tracking_carrier(
    channel: ChannelKind, method: ShipMethod, *, level: ServiceLevel, own_carrier_name: str
) -> TrackingCarrier:
    """How the tracking write-back to `channel` names the carrier of `method`.

    `own_carrier_name` is what the own-account carrier is called on channels (for example the
    warehouse's local courier); channels show it to the buyer.
    """
    own = method.carrier is CarrierCode.OWN_ACCOUNT
    if channel is ChannelKind.AMAZON:
        if own:
            return TrackingCarrier(code="Other", name=own_carrier_name, method=method.service_name)
        return TrackingCarrier(
            code=_CARRIER_CODES[method.carrier], name=None, method=method.service_name
        )
    if channel is ChannelKind.WALMART:
        code = None if own else _CARRIER_CODES[method.carrier]
        name = own_carrier_name if own else None
        return TrackingCarrier(code=code, name=name, method=_WALMART_METHOD[level])
    name = own_carrier_name if own else _CARRIER_CODES[method.carrier]
    return TrackingCarrier(code=None, name=name, method=method.service_name)
