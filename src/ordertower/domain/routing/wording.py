"""Routing's words: what a location lacked, what a split ships, in short sentences people read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .decisions import Assignment

_SKUS_SHOWN = 3
_LOCATIONS_SHOWN = 5


def units_of(lacks: Mapping[str, int]) -> str:
    """ "2 of SKU-9 and 1 of SKU-3", at most three SKUs named."""
    parts = [f"{units} of {sku}" for sku, units in list(lacks.items())[:_SKUS_SHOWN]]
    hidden = len(lacks) - len(parts)
    if hidden:
        parts.append(f"{hidden} more SKU{'s' if hidden > 1 else ''}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def lacked(shortfalls: Sequence[tuple[str, Mapping[str, int]]]) -> list[str]:
    """One sentence per location passed over: "WH-WEST lacked 2 of SKU-9" (at most five)."""
    sentences = [
        f"{location} lacked {units_of(lacks)}" for location, lacks in shortfalls[:_LOCATIONS_SHOWN]
    ]
    hidden = len(shortfalls) - len(sentences)
    if hidden:
        sentences.append(f"{hidden} more location{'s' if hidden > 1 else ''} lacked units too")
    return sentences


def split_target(assignments: Sequence[Assignment]) -> str:
    """ "WH-EAST" for one location; "split WH-EAST (3 units) + WH-WEST (1 unit)" for several."""
    if len(assignments) == 1:
        return assignments[0].location
    shares = []
    for assignment in assignments:
        units = sum(line.units for line in assignment.lines)
        shares.append(f"{assignment.location} ({units} unit{'s' if units != 1 else ''})")
    return "split " + " + ".join(shares)
