"""What routing decides on: the order as plain data and the free units per location and SKU."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

from ..channels import ChannelKind
from ..errors import FieldProblem, FieldsInvalid
from ..shipping import ServiceLevel

# Location code → SKU → free sellable units there (on hand minus allocated). The caller reads it
# from the inventory; units below zero count as none.
Availability: TypeAlias = Mapping[str, Mapping[str, int]]

_CURRENCY = re.compile(r"[A-Z]{3}")
_POSTAL_NOISE = re.compile(r"[\s-]+")


def normalise_postal(code: str) -> str:
    """Postal codes and prefixes compare without spaces or dashes, upper-cased ("sw1a 1aa")."""
    return _POSTAL_NOISE.sub("", code).upper()


@dataclass(frozen=True, slots=True, kw_only=True)
class Destination:
    """Where the order ships to: ISO country, ISO 3166-2 region ("US-CA" or ""), postal code."""

    country: str
    region: str = ""
    postal_code: str = ""

    @classmethod
    def local(cls, *, country: str, region: str = "", postal_code: str = "") -> Destination:
        """From an address's own region code ("IL", as orders keep it) to ISO 3166-2 ("US-IL")."""
        if region and not region.startswith(f"{country}-"):
            region = f"{country}-{region}"
        return cls(country=country, region=region, postal_code=postal_code)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingLine:
    """Units of one SKU an order line needs; a bundle line arrives as one of these per component.

    `line_id` is the caller's key for the order line (several SKUs may share it after a bundle was
    flattened); `tags` are the SKU's tags, for rules on tags.
    """

    line_id: str
    sku: str
    units: int
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingOrder:
    channel_kind: ChannelKind
    channel_account_id: int
    service_level: ServiceLevel
    destination: Destination
    lines: tuple[RoutingLine, ...]
    order_value: Decimal
    currency: str


class RoutingInputInvalid(FieldsInvalid):
    code = "routing_input_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The order cannot be routed: {listed}", problems)


def order_problems(order: RoutingOrder) -> list[FieldProblem]:
    """Lines present, each with a SKU and at least one unit, no (line, SKU) twice; a sane value."""
    problems: list[FieldProblem] = []
    if not order.lines:
        problems.append(FieldProblem("lines", "required", "An order needs at least one line."))
    seen: set[tuple[str, str]] = set()
    for index, line in enumerate(order.lines):
        where = f"lines[{index}]"
        if not line.sku.strip():
            problems.append(FieldProblem(f"{where}.sku", "required", "Give the line's SKU."))
        if isinstance(line.units, bool) or not isinstance(line.units, int) or line.units < 1:
            message = f"A line needs at least 1 unit, got {line.units!r}."
            problems.append(FieldProblem(f"{where}.units", "not_positive", message))
        if (line.line_id, line.sku) in seen:
            message = f"Line {line.line_id!r} lists SKU {line.sku!r} twice; add the units up."
            problems.append(FieldProblem(where, "duplicate_line", message))
        seen.add((line.line_id, line.sku))
    if not order.order_value.is_finite() or order.order_value < 0:
        message = f"The order value must be 0 or more, got {order.order_value}."
        problems.append(FieldProblem("order_value", "invalid_amount", message))
    if not _CURRENCY.fullmatch(order.currency):
        message = f"{order.currency[:8]!r} is not an ISO 4217 code; use three letters such as USD."
        problems.append(FieldProblem("currency", "invalid_currency", message))
    return problems


def check_order(order: RoutingOrder) -> None:
    problems = order_problems(order)
    if problems:
        raise RoutingInputInvalid(problems)
