"""Post office boxes and military post offices: spotting them, and which services can reach them."""

from __future__ import annotations

import re
from enum import StrEnum

from ordertower.domain.shipping import ServiceLevel

from .regions import MILITARY_REGIONS


class PostalBox(StrEnum):
    PO_BOX = "po_box"  # a box at a post office (PO Box, P.O. Box, Post Office Box, POB 12)
    MILITARY = "military"  # US military mail: APO/FPO/DPO with state AA, AE or AP


# "PO Box 12", "P.O. Box", "P. O. Box", "POBox", "Post Office Box", "POB 12"; the word boundary
# keeps "Boxwood Rd" and "Polo Box Ltd" out.
_PO_BOX = re.compile(
    r"\b(?:p\s*\.?\s*o\s*\.?\s*box|post\s+office\s+box|p\s*\.?\s*o\s*\.?\s*b\s*\.?\s*\d+)\b",
    re.IGNORECASE,
)
_MILITARY_CITIES = frozenset({"APO", "FPO", "DPO"})

# Whether the carrier services an order of this level ships with can deliver to a PO box or a
# military post office. Only USPS delivers to PO boxes and APO/FPO/DPO addresses; UPS and FedEx do
# not (their ground economy services, UPS SurePost and FedEx Ground Economy, get there by handing
# the parcel to USPS for the last mile). Expedited, two-day and next-day orders go by UPS or FedEx
# air services (Next Day Air, 2nd Day Air, Priority Overnight, 2Day, Express Saver), so a box
# with one of those levels cannot be served as promised: a person picks a USPS service (Priority
# Mail, Priority Mail Express) or asks the customer for a street address.
REACHES_POSTAL_BOXES: dict[ServiceLevel, bool] = {
    ServiceLevel.STANDARD: True,
    ServiceLevel.EXPEDITED: False,
    ServiceLevel.TWO_DAY: False,
    ServiceLevel.NEXT_DAY: False,
}


def postal_box(
    *, street_lines: tuple[str, ...], city: str, region: str, country: str
) -> PostalBox | None:
    """Which kind of box the address is, or None for a street address."""
    if country == "US" and (region in MILITARY_REGIONS or city.upper() in _MILITARY_CITIES):
        return PostalBox.MILITARY
    if any(_PO_BOX.search(line) for line in street_lines):
        return PostalBox.PO_BOX
    return None
