"""Cycle counts: a count sheet for one bin against the books, and the corrections it calls for."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import InvalidCountSheet
from .ids import BinId, LocationId, MerchantId, Sku
from .movement_kinds import MovementKind, ReferenceKind
from .movements import MovementRequest
from .places import BalanceKey, Reference
from .pools import InventoryStatus
from .reasons import ReasonCode

MAX_COUNT_ID_LENGTH = 100


@dataclass(frozen=True, slots=True)
class CountLine:
    """What the counter found of one SKU (and pool, lot) in the bin."""

    sku: Sku
    counted: int
    status: InventoryStatus = InventoryStatus.SELLABLE
    lot: str | None = None
    expires_on: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CountSheet:
    """One count of one bin. `complete` means a blind full-bin count: whatever the books hold in
    the bin that is not on the sheet was not found, so it counts as 0."""

    count_id: str
    merchant_id: MerchantId
    location_id: LocationId
    bin_id: BinId
    lines: tuple[CountLine, ...]
    complete: bool

    def __post_init__(self) -> None:
        if not self.count_id.strip() or len(self.count_id) > MAX_COUNT_ID_LENGTH:
            raise InvalidCountSheet(
                f"count_id is required, at most {MAX_COUNT_ID_LENGTH} characters.",
                field="count_id",
            )
        seen: set[BalanceKey] = set()
        for index, line in enumerate(self.lines):
            field = f"lines[{index}]"
            counted = line.counted
            if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
                raise InvalidCountSheet(
                    f"{field}: counted must be a whole number of at least 0.",
                    field=f"{field}.counted",
                )
            key = self.key_for(line)
            if key in seen:
                raise InvalidCountSheet(
                    f"{field}: {key.label} is on the sheet twice; put the total on one line.",
                    field=f"{field}.sku",
                )
            seen.add(key)

    def key_for(self, line: CountLine) -> BalanceKey:
        return BalanceKey(
            self.merchant_id,
            line.sku,
            self.location_id,
            self.bin_id,
            line.status,
            line.lot,
            line.expires_on,
        )


@dataclass(frozen=True, slots=True)
class CountVariance:
    key: BalanceKey
    system: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.system


def count_variances(
    sheet: CountSheet, system_on_hand: Mapping[BalanceKey, int]
) -> tuple[CountVariance, ...]:
    """Where the count differs from the books (`system_on_hand`: the bin's balances)."""
    for key in system_on_hand:
        if (key.merchant_id, key.location_id, key.bin_id) != (
            sheet.merchant_id,
            sheet.location_id,
            sheet.bin_id,
        ):
            raise InvalidCountSheet(
                f"{key.label} is not in the counted bin {sheet.bin_id} of location "
                f"{sheet.location_id}; pass only that bin's balances.",
                field="bin_id",
            )
    counted = {sheet.key_for(line): line.counted for line in sheet.lines}
    keys = (counted.keys() | system_on_hand.keys()) if sheet.complete else counted.keys()
    variances = (
        CountVariance(key, system_on_hand.get(key, 0), counted.get(key, 0))
        for key in sorted(keys, key=_key_order)
    )
    return tuple(v for v in variances if v.difference)


def count_corrections(
    sheet: CountSheet, system_on_hand: Mapping[BalanceKey, int], *, actor: str
) -> tuple[MovementRequest, ...]:
    """One count-correction adjustment per variance, in a stable order with stable keys.

    A sellable balance can only lose free units: when a count finds fewer units than are
    allocated, the allocations must be released (orders back-ordered) before posting these.
    """
    return tuple(
        _correction(sheet, variance, actor=actor)
        for variance in count_variances(sheet, system_on_hand)
    )


def _correction(sheet: CountSheet, variance: CountVariance, *, actor: str) -> MovementRequest:
    place = variance.key.place
    found_more = variance.difference > 0
    return MovementRequest(
        merchant_id=sheet.merchant_id,
        sku=variance.key.sku,
        kind=MovementKind.ADJUSTMENT,
        quantity=abs(variance.difference),
        from_place=None if found_more else place,
        to_place=place if found_more else None,
        reference=Reference(ReferenceKind.COUNT, sheet.count_id),
        idempotency_key=f"count:{sheet.count_id}:{_digest(variance.key)}",
        actor=actor,
        reason=ReasonCode.COUNT_CORRECTION,
        note=f"counted {variance.counted}, books had {variance.system}",
    )


def _key_order(key: BalanceKey) -> tuple[str, str, str, str]:
    expires = "" if key.expires_on is None else key.expires_on.isoformat()
    return (key.sku, key.status, key.lot or "", expires)


def _digest(key: BalanceKey) -> str:
    return hashlib.sha256(repr(_key_order(key)).encode()).hexdigest()[:24]
