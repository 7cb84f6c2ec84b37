"""Where stock can be: warehouses, Amazon FBA networks and dropship vendors, and warehouse zones.

A warehouse is a building the operator runs and every merchant it stores for shares; FBA and dropship
locations are virtual (stock held by someone else) and belong to one merchant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from .amazon_marketplaces import marketplace, marketplace_hint
from .errors import FieldProblem, FieldsInvalid
from .field_rules import (
    code_problems,
    country_problems,
    normalise_code,
    number_problems,
    text_problems,
    time_zone_problems,
)

PRIORITY_MAX = 10_000
_US_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")


class LocationKind(StrEnum):
    WAREHOUSE = "warehouse"  # a building the operator runs, shared by the merchants it stores for
    FBA = "fba"  # one merchant's stock inside Amazon's fulfillment network of one marketplace
    DROPSHIP = "dropship"  # a vendor that ships one merchant's orders from the vendor's own stock


class ZoneKind(StrEnum):
    RECEIVING = "receiving"  # dock where inbound goods are counted before putaway
    STORAGE = "storage"  # reserve stock that replenishes the pick faces
    PICK = "pick"  # pick faces orders are picked from
    OVERFLOW = "overflow"  # temporary space when a product's usual bins are full
    QUARANTINE = "quarantine"  # stock held back for inspection or a decision; never allocated
    PREP_STAGING = "prep_staging"  # FBA-bound units waiting for or undergoing prep
    RETURNS = "returns"  # returned units waiting for grading and disposition
    PACKING = "packing"  # pack stations where picked units become packages
    SHIPPING = "shipping"  # packed packages waiting for the carrier


def _summary(what: str, problems: Sequence[FieldProblem]) -> str:
    listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
    return f"{what} is not valid: {listed}"


class LocationInvalid(FieldsInvalid):
    code = "location_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The location", problems), problems)


class ZoneInvalid(FieldsInvalid):
    code = "zone_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The zone", problems), problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    line1: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    line2: str | None = None
    region: str | None = None  # state, province or county
    postal_code: str | None = None


def _optional(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def checked_address(
    address: Address, prefix: str = "address"
) -> tuple[Address, list[FieldProblem]]:
    """The address tidied (trimmed, country upper-cased) and what is wrong with it."""
    tidy = Address(
        line1=address.line1.strip(),
        line2=_optional(address.line2),
        city=address.city.strip(),
        region=_optional(address.region),
        postal_code=_optional(address.postal_code),
        country=address.country.strip().upper(),
    )
    problems = [
        *text_problems(f"{prefix}.line1", tidy.line1, max_length=200, required=True),
        *text_problems(f"{prefix}.line2", tidy.line2, max_length=200, required=False),
        *text_problems(f"{prefix}.city", tidy.city, max_length=100, required=True),
        *text_problems(f"{prefix}.region", tidy.region, max_length=100, required=False),
        *text_problems(f"{prefix}.postal_code", tidy.postal_code, max_length=20, required=False),
        *country_problems(f"{prefix}.country", tidy.country),
    ]
    if tidy.country == "US" and not (tidy.postal_code and _US_ZIP.fullmatch(tidy.postal_code)):
        problems.append(
            FieldProblem(
                f"{prefix}.postal_code", "invalid_zip", "Give a US ZIP code: 12345 or 12345-6789."
            )
        )
    return tidy, problems


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationSpec:
    """A location to create. `priority`: lower numbers are preferred when routing orders."""

    kind: LocationKind
    code: str
    name: str
    time_zone: str = "UTC"
    address: Address | None = None
    marketplace_id: str | None = None  # FBA only: the Amazon marketplace of the network
    priority: int = 100

    @property
    def country(self) -> str | None:
        """Where the stock is: the address's country, or the FBA marketplace's."""
        if self.address is not None:
            return self.address.country
        found = marketplace(self.marketplace_id) if self.marketplace_id else None
        return found.country if found else None


def validate_location(spec: LocationSpec) -> LocationSpec:
    """The spec tidied, or LocationInvalid listing every problem at once."""
    spec = replace(
        spec,
        code=normalise_code(spec.code),
        name=spec.name.strip(),
        time_zone=spec.time_zone.strip(),
    )
    problems = [
        *code_problems("code", spec.code),
        *text_problems("name", spec.name, max_length=200, required=True),
        *time_zone_problems("time_zone", spec.time_zone),
        *number_problems("priority", spec.priority, low=0, high=PRIORITY_MAX),
    ]
    if spec.address is not None:
        address, address_problems = checked_address(spec.address)
        spec = replace(spec, address=address)
        problems += address_problems
    problems += _kind_problems(spec)
    if problems:
        raise LocationInvalid(problems)
    found = marketplace(spec.marketplace_id) if spec.marketplace_id else None
    return replace(spec, marketplace_id=found.id) if found else spec


def _kind_problems(spec: LocationSpec) -> list[FieldProblem]:
    if spec.kind is LocationKind.WAREHOUSE and spec.address is None:
        return [FieldProblem("address", "required", "A warehouse needs its street address.")]
    if spec.kind is LocationKind.FBA:
        if spec.address is not None:
            return [
                FieldProblem("address", "not_allowed", "An FBA network has no address of its own.")
            ]
        if not spec.marketplace_id or marketplace(spec.marketplace_id) is None:
            return [
                FieldProblem(
                    "marketplace_id",
                    "unknown_marketplace",
                    f"Give the Amazon marketplace id of the FBA network ({marketplace_hint()}).",
                )
            ]
    elif spec.marketplace_id is not None:
        return [
            FieldProblem("marketplace_id", "not_allowed", "Only FBA locations have a marketplace.")
        ]
    return []


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneSpec:
    code: str
    name: str
    kind: ZoneKind


def validate_zone(spec: ZoneSpec) -> ZoneSpec:
    spec = replace(spec, code=normalise_code(spec.code), name=spec.name.strip())
    problems = [
        *code_problems("code", spec.code),
        *text_problems("name", spec.name, max_length=200, required=True),
    ]
    if problems:
        raise ZoneInvalid(problems)
    return spec
