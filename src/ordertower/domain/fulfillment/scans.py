"""Judging a scan at the pick/pack station against what the order still needs.

Every scan is judged and recorded, refused ones too: a refused scan is an error the station
prevented (the wrong item or one unit too many never reached the box), which the order-accuracy
KPI counts. A refusal's message tells the packer what to do next.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class ScanOutcome(StrEnum):
    ACCEPTED = "accepted"  # the unit is one the order still needs: it counts as picked
    WRONG_ITEM = "wrong_item"  # a product of the merchant, but not one this order contains
    TOO_MANY = "too_many"  # the order contains it, but every unit of it is already scanned
    UNKNOWN_CODE = "unknown_code"  # the code names no product (or several): nothing to judge


PREVENTED_ERRORS = frozenset({ScanOutcome.WRONG_ITEM, ScanOutcome.TOO_MANY})


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: ScanOutcome
    message: str

    @property
    def accepted(self) -> bool:
        return self.outcome is ScanOutcome.ACCEPTED


def judge_scan(
    *, code: str, sku: str | None, still_needed: Mapping[str, int], ordered: Mapping[str, int]
) -> Judgement:
    """Judge one scanned unit: `sku` is what the code names (None: unknown or ambiguous),
    `ordered` the order's units per SKU, `still_needed` those not yet scanned."""
    if sku is None:
        return Judgement(
            ScanOutcome.UNKNOWN_CODE,
            f"{code!r} is not a barcode, FNSKU or SKU of one of this merchant's products; "
            "check the label, or type the SKU.",
        )
    if sku not in ordered:
        wanted = ", ".join(f"{n} × {s}" for s, n in sorted(still_needed.items()) if n > 0)
        return Judgement(
            ScanOutcome.WRONG_ITEM,
            f"{sku} is not in this order: put it back. Still needed: {wanted or 'nothing'}.",
        )
    if still_needed.get(sku, 0) <= 0:
        return Judgement(
            ScanOutcome.TOO_MANY,
            f"All {ordered[sku]} × {sku} of this order are already scanned: put this one back.",
        )
    left = still_needed[sku] - 1
    return Judgement(ScanOutcome.ACCEPTED, f"{sku} accepted; {left} more of it to scan.")
