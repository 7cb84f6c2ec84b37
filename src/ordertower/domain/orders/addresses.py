"""Ship-to addresses: their shape, tidying what channels send, and what is wrong for the queue.

A malformed address does not refuse the order: the order is stored and parks in the exception
queue (reason invalid_address) with the problems listed here, until a person corrects it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ordertower.domain.field_rules import is_country
from ordertower.domain.shipping import ServiceLevel

from .po_boxes import REACHES_POSTAL_BOXES, PostalBox, postal_box
from .postal_codes import REQUIRED_FOR, is_postal_code, postal_code_rule, tidy_postal_code
from .regions import REGIONS, region_code

ADDRESS_FIELD_MAX_LENGTH = 255

# Codes channels write that are not ISO 3166-1 alpha-2: Amazon marketplaces say UK, Walmart's
# postalAddress.country is alpha-3 (`USA`, see reference/walmart-marketplace/orders.json).
_COUNTRY_ALIASES = {"UK": "GB", "USA": "US", "CAN": "CA", "MEX": "MX", "CHL": "CL"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    """Where an order goes. Name, company and street lines are personal data: kept out of repr.

    The fields follow what all three channels send (Amazon `ShippingAddress` / `deliveryAddress`,
    Walmart `postalAddress`, Shopify `shippingAddress`): up to three street lines, a region (state,
    province; two letters in the US and Canada), an ISO 3166-1 alpha-2 country, and whether the
    channel called it residential (Amazon/Walmart `addressType`; None when it did not say).
    `phone` is the recipient's phone as the channel gave it (carriers print it, couriers call
    it); it says how to reach the recipient, not where the order goes (see `place`).
    """

    name: str = field(default="", repr=False)
    company: str = field(default="", repr=False)
    line1: str = field(default="", repr=False)
    line2: str = field(default="", repr=False)
    line3: str = field(default="", repr=False)
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    residential: bool | None = None
    phone: str = field(default="", repr=False)

    @property
    def place(self) -> Address:
        """The address without the phone: where the order goes (what routing reads)."""
        return dataclasses.replace(self, phone="") if self.phone else self

    @property
    def street_lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.line1, self.line2, self.line3) if line)


@dataclass(frozen=True, slots=True)
class AddressProblem:
    """One reason an address cannot be shipped to as it is; `field` is dotted (`ship_to.region`)."""

    code: str
    field: str
    message: str


def _clean(text: str) -> str:
    return " ".join(text.split())


def tidy_address(address: Address) -> Address:
    """Single spaces, ISO country, region codes for US/CA names, the country's postal format."""
    country = _clean(address.country).upper()
    country = _COUNTRY_ALIASES.get(country, country)
    region = _clean(address.region)
    if country in REGIONS and region:
        region = region_code(country, region) or region.upper()
    return Address(
        name=_clean(address.name),
        company=_clean(address.company),
        line1=_clean(address.line1),
        line2=_clean(address.line2),
        line3=_clean(address.line3),
        city=_clean(address.city),
        region=region,
        postal_code=tidy_postal_code(country, address.postal_code),
        country=country,
        residential=address.residential,
        phone=_clean(address.phone),
    )


_MISSING = (
    ("name", "missing_recipient", "Give the recipient's name: carriers print it on the label."),
    ("line1", "missing_street", "Give the street address (line 1)."),
    ("city", "missing_city", "Give the city."),
    ("country", "missing_country", "Give the country as an ISO code such as US or GB."),
)


def address_problems(
    address: Address, service_level: ServiceLevel, *, prefix: str = "ship_to."
) -> list[AddressProblem]:
    """Everything that stops us shipping to the (tidied) address at this service level."""
    address = tidy_address(address)
    problems = [
        AddressProblem(code, prefix + name, message)
        for name, code, message in _MISSING
        if not getattr(address, name)
    ]
    country = address.country
    if country and not is_country(country):
        message = f"{country[:10]!r} is not an ISO 3166-1 country code; use e.g. US, CA, GB, DE."
        problems.append(AddressProblem("invalid_country", prefix + "country", message))
    if not is_country(country):
        return problems
    problems += _region_problems(address, prefix)
    problems += _postal_problems(address, prefix)
    problems += _postal_box_problems(address, service_level, prefix)
    return problems


def _region_problems(address: Address, prefix: str) -> list[AddressProblem]:
    table = REGIONS.get(address.country)
    if table is None:
        return []
    where = "state" if address.country == "US" else "province or territory"
    if not address.region:
        message = f"Give the {where}: {address.country} addresses need one (two letters)."
        return [AddressProblem("missing_region", prefix + "region", message)]
    if address.region not in table:
        message = (
            f"{address.region[:40]!r} is not a {address.country} {where}; use its two-letter "
            f"code, such as {next(iter(table))}."
        )
        return [AddressProblem("invalid_region", prefix + "region", message)]
    return []


def _postal_problems(address: Address, prefix: str) -> list[AddressProblem]:
    code, country = address.postal_code, address.country
    if not code:
        if country not in REQUIRED_FOR:
            return []
        message = (
            f"Give the postal code: {country} addresses need one ({postal_code_rule(country)})."
        )
        return [AddressProblem("missing_postal_code", prefix + "postal_code", message)]
    if is_postal_code(country, code):
        return []
    message = f"{code[:20]!r} is not a {country} postal code; write {postal_code_rule(country)}."
    return [AddressProblem("invalid_postal_code", prefix + "postal_code", message)]


def _postal_box_problems(
    address: Address, service_level: ServiceLevel, prefix: str
) -> list[AddressProblem]:
    box = postal_box(
        street_lines=address.street_lines,
        city=address.city,
        region=address.region,
        country=address.country,
    )
    if box is None or REACHES_POSTAL_BOXES[service_level]:
        return []
    what = "a PO box" if box is PostalBox.PO_BOX else "a military (APO/FPO/DPO) address"
    message = (
        f"The address is {what}, and the {service_level} services we ship with (UPS, FedEx) do "
        "not deliver there: ship with USPS or ask the customer for a street address."
    )
    return [AddressProblem("po_box_not_served", prefix + "line1", message)]
