"""A merchant's routing policy: ordered rules (conditions → action) and a default for the rest.

Rules are tried in order; the first whose conditions all hold decides, unless it ships from
locations that cannot cover the order and says to step aside (`Shortfall.NEXT_RULE`). Within one
condition any listed value matches (channel walmart OR amazon); different conditions must all hold
(channel AND service level). An empty condition places no limit. Locations are named by their code
(codes are unique across OrderTower).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ..channels import ChannelKind
from ..shipping import ServiceLevel

UNROUTED_QUEUE = "unrouted"  # where orders wait when no rule matches and the default is to hold
BACKORDER_QUEUE = "backorder"  # where orders wait for stock the chosen locations lack


class Strategy(StrEnum):
    # The first candidate, in the order listed, that can ship the whole order; with splits allowed
    # and no such candidate, candidates are filled in that order.
    PRIORITY = "priority"
    # The smallest set of candidates that together cover every unit (ties: earlier candidates).
    FEWEST_SPLITS = "fewest_splits"
    # Candidates re-ordered by the zone table's rank for the destination (nearest first; unranked
    # last, in listed order), then chosen as by priority.
    NEAREST = "nearest"


class Shortfall(StrEnum):
    # The rule steps aside; the next matching rule, or the default, decides.
    NEXT_RULE = "next_rule"
    # The order is held in the backorder queue until stock arrives.
    BACKORDER = "backorder"


class StockPosition(StrEnum):
    # At least one location holds every unit the order needs.
    COMPLETE_AT_ONE = "complete_at_one"
    # No single location does, but all locations together do.
    SPLIT_ONLY = "split_only"
    # Even all locations together lack units of some SKU.
    SHORT = "short"


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueRange:
    """Order value bounds in one currency (both inclusive); orders in other currencies never match."""

    currency: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Conditions:
    """What an order must look like for a rule to apply (all given conditions must hold).

    `regions` are ISO 3166-2 codes ("US-CA"). `postal_prefixes` compare against the postal code
    without spaces or dashes, upper-cased; pair them with `countries`, since prefixes overlap
    between countries. `skus`/`tags`: some line has one of these SKUs / carries one of these tags.
    `stock_positions` describe the order against all locations in the availability given.
    """

    channel_kinds: frozenset[ChannelKind] = frozenset()
    channel_account_ids: frozenset[int] = frozenset()
    service_levels: frozenset[ServiceLevel] = frozenset()
    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    postal_prefixes: tuple[str, ...] = ()
    skus: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    order_value: ValueRange | None = None
    stock_positions: frozenset[StockPosition] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipFrom:
    """Ship from candidate locations (in priority order), whole or split.

    A split is each location beyond the first: `max_splits=1` allows two locations. A line may be
    split across locations when splits are allowed.
    """

    locations: tuple[str, ...]
    strategy: Strategy = Strategy.PRIORITY
    allow_split: bool = False
    max_splits: int = 0
    on_shortfall: Shortfall = Shortfall.NEXT_RULE


@dataclass(frozen=True, slots=True, kw_only=True)
class Dropship:
    """Send the whole order to a dropship vendor location.

    With `require_stock`, the vendor must hold every unit in the availability given, otherwise the
    rule steps aside; without it the vendor's stock is not checked (many vendors report none).
    """

    vendor_location: str
    require_stock: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldOrder:
    """Park the order in a named queue for a person (`note` tells them why)."""

    queue: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DefaultWarehouse:
    """Ship whole from the merchant's default warehouse; what it lacks waits as a backorder."""

    location: str


RuleAction = ShipFrom | Dropship | HoldOrder
DefaultRoute = HoldOrder | DefaultWarehouse


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingRule:
    action: RuleAction
    when: Conditions = field(default_factory=Conditions)
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingPolicy:
    """One merchant's rules, tried in order, and what happens to orders no rule takes."""

    rules: tuple[RoutingRule, ...] = ()
    default: DefaultRoute = field(default_factory=lambda: HoldOrder(queue=UNROUTED_QUEUE))
