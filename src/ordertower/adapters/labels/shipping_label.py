"""The shipping label's content, checked, with text reduced to what label fonts can print."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ordertower.domain.catalog.measures import Weight
from ordertower.domain.errors import FieldProblem, FieldsInvalid
from ordertower.services.shipping.ports import ShipmentAddress

PACKAGES_MAX = 999
REFERENCE_MAX_LENGTH = 40
_TRACKING = re.compile(r"[A-Za-z0-9-]{1,30}")  # 30 fit the label at 2 dots per module
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True, kw_only=True)
class ShippingLabel:
    """What a 4×6 parcel label shows: from, to, carrier and service, tracking, weight, n of m."""

    ship_from: ShipmentAddress
    ship_to: ShipmentAddress
    carrier_name: str
    service_name: str
    tracking_number: str
    weight: Weight
    package_number: int
    package_count: int
    reference: str


class LabelInvalid(FieldsInvalid):
    code = "label_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The label cannot be printed: {listed}", problems)


def check_label(label: ShippingLabel) -> None:
    problems = _address_problems("ship_from", label.ship_from)
    problems += _address_problems("ship_to", label.ship_to)
    if not _TRACKING.fullmatch(label.tracking_number):
        message = "A tracking number is 1 to 30 letters, digits or dashes."
        problems.append(FieldProblem("tracking_number", "invalid_tracking_number", message))
    if not 1 <= label.package_number <= label.package_count <= PACKAGES_MAX:
        message = (
            f"Package {label.package_number} of {label.package_count} is not a package number."
        )
        problems.append(FieldProblem("package_number", "out_of_range", message))
    if not label.weight.value.is_finite() or label.weight.value <= 0:
        message = "Weigh the package: the weight must be above 0."
        problems.append(FieldProblem("weight.value", "not_positive", message))
    if len(label.reference) > REFERENCE_MAX_LENGTH:
        message = f"Use at most {REFERENCE_MAX_LENGTH} characters."
        problems.append(FieldProblem("reference", "too_long", message))
    if problems:
        raise LabelInvalid(problems)


def _address_problems(prefix: str, address: ShipmentAddress) -> list[FieldProblem]:
    required = {"name": address.name, "street": "".join(address.street), "city": address.city}
    required["country"] = address.country
    return [
        FieldProblem(
            f"{prefix}.{name}",
            "required",
            f"The {prefix.replace('_', ' ')} address needs a {name}.",
        )
        for name, value in required.items()
        if not value.strip()
    ]


def printable(text: str) -> str:
    """`text` in the Latin-1 letters label fonts have: accents dropped where needed, the rest '?'.

    Whitespace (line breaks included) becomes single spaces.
    """
    kept = []
    for char in _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip():
        if _latin1(char):
            kept.append(char)
            continue
        base = "".join(part for part in unicodedata.normalize("NFKD", char) if _latin1(part))
        kept.append(base or "?")
    return "".join(kept)


def _latin1(char: str) -> bool:
    code = ord(char)
    return 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xFF


def weight_text(weight: Weight) -> str:
    """The weight as entered: "2.5 LB", "800 G"."""
    return f"{weight.value.normalize():f} {weight.unit.value.upper()}"


def address_lines(address: ShipmentAddress) -> list[str]:
    """The address as printed, top to bottom (no phone: it is for the carrier only)."""
    town = " ".join(
        part for part in (address.city + ",", address.region, address.postal_code) if part
    )
    lines = [address.name, address.company, *address.street, town.rstrip(","), address.country]
    return [printable(line) for line in lines if printable(line)]
