"""Refusals of shipping: a carrier that will not sell a label, an exhausted tracking range."""

from __future__ import annotations

from ordertower.domain.errors import Conflict, FieldProblem, FieldsInvalid, InvalidInput, NotFound


class TrackingRangeExhausted(Conflict):
    """Every number in the configured tracking range is used; configure the next range."""

    code = "tracking_range_exhausted"


class WrongCarrier(InvalidInput):
    """The shipment's ship method belongs to another carrier than the one asked for a label."""

    code = "wrong_carrier"


class UnknownTrackingNumber(NotFound):
    """The carrier never issued this tracking number (so there is nothing to void)."""

    code = "unknown_tracking_number"


class ShipmentInvalid(FieldsInvalid):
    """The shipment cannot be labelled as given (package numbering, missing address lines…)."""

    code = "shipment_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"No label can be made for this shipment: {listed}", problems)
