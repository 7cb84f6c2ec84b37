"""The built-in "own account" carrier: our own 4×6 label and a tracking number from our range.

It lets a warehouse ship (local courier, own vans, a carrier account used through its own
software) without a carrier integration. It gives no rates, and voiding a label only checks the
number is ours: nothing was bought, and a voided number is never issued again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ordertower.adapters.labels import (
    LabelInvalid,
    ShippingLabel,
    check_label,
    shipping_label_pdf,
    shipping_label_zpl,
)
from ordertower.domain.shipping import CarrierCode
from ordertower.services.shipping.errors import (
    ShipmentInvalid,
    UnknownTrackingNumber,
    WrongCarrier,
)
from ordertower.services.shipping.ports import (
    PurchasedLabel,
    Rate,
    Shipment,
    TrackingNumberSource,
)

from .tracking_numbers import TrackingRange, check_tracking_range, is_issued_from, tracking_number


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnAccountSettings:
    tracking: TrackingRange
    carrier_name: str = "Own delivery"  # printed on the label and sent to channels as the carrier


class OwnAccountCarrier:
    """Carrier port implementation that needs nothing but a tracking number range."""

    def __init__(self, *, settings: OwnAccountSettings, numbers: TrackingNumberSource) -> None:
        check_tracking_range(settings.tracking)
        self._settings = settings
        self._numbers = numbers

    @property
    def code(self) -> CarrierCode:
        return CarrierCode.OWN_ACCOUNT

    def rate(self, shipment: Shipment) -> list[Rate]:
        """No quotes: the own-account carrier's cost is whatever the warehouse pays its drivers."""
        return []

    def buy_label(self, shipment: Shipment) -> PurchasedLabel:
        if shipment.method.carrier is not CarrierCode.OWN_ACCOUNT:
            raise WrongCarrier(
                f"The ship method {shipment.method.service_name!r} belongs to "
                f"{shipment.method.carrier}, not the own-account carrier; buy the label there.",
                field="method",
            )
        try:  # refuse a bad shipment before it uses up a tracking number
            check_label(self._label(shipment, "0"))
        except LabelInvalid as invalid:
            raise ShipmentInvalid(invalid.problems) from invalid
        number = tracking_number(self._settings.tracking, self._numbers.take())
        label = self._label(shipment, number)
        return PurchasedLabel(
            tracking_number=label.tracking_number,
            carrier_code=CarrierCode.OWN_ACCOUNT,
            service_code=shipment.method.service_code,
            label_pdf=shipping_label_pdf(label),
            label_zpl=shipping_label_zpl(label),
        )

    def void(self, tracking_number: str) -> None:
        if not is_issued_from(self._settings.tracking, tracking_number):
            raise UnknownTrackingNumber(
                f"{tracking_number!r} is not an own-account tracking number of range "
                f"{self._settings.tracking.prefix}; check the number, or void it with its carrier.",
                field="tracking_number",
            )

    def _label(self, shipment: Shipment, number: str) -> ShippingLabel:
        return ShippingLabel(
            ship_from=shipment.ship_from,
            ship_to=shipment.ship_to,
            carrier_name=self._settings.carrier_name,
            service_name=shipment.method.service_name,
            tracking_number=number,
            weight=shipment.parcel.weight,
            package_number=shipment.package_number,
            package_count=shipment.package_count,
            reference=shipment.reference,
        )
