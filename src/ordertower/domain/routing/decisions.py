"""What routing decided: ship from locations, hold in a queue, or dropship; always with reasons.

`rule` is the 1-based position of the rule that decided, None when the merchant's default did.
`explanation` holds human sentences; `text` joins them with "; " for screens and the order record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HoldReason(StrEnum):
    RULE_HOLD = "rule_hold"  # a rule sends orders like this one to a named queue for a person
    NO_RULE = "no_rule"  # no rule took the order and the merchant's default is to hold it
    INSUFFICIENT_STOCK = "insufficient_stock"  # the locations allowed lack units: a backorder


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignedUnits:
    line_id: str
    sku: str
    units: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    location: str
    lines: tuple[AssignedUnits, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Assigned:
    """Ship from these locations; every unit of every line is placed exactly once."""

    assignments: tuple[Assignment, ...]
    rule: int | None
    explanation: tuple[str, ...]

    @property
    def splits(self) -> int:
        """Locations beyond the first (0 when the order ships whole from one place)."""
        return len(self.assignments) - 1

    @property
    def text(self) -> str:
        return "; ".join(self.explanation)


@dataclass(frozen=True, slots=True, kw_only=True)
class Held:
    """Park the order in `queue` until a person (or new stock, for backorders) releases it."""

    queue: str
    reason: HoldReason
    rule: int | None
    explanation: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join(self.explanation)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dropshipped:
    """The dropship vendor at `vendor_location` ships the whole order."""

    vendor_location: str
    rule: int | None
    explanation: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join(self.explanation)


RoutingDecision = Assigned | Held | Dropshipped
