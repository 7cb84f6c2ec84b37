"""Why stock was adjusted or disposed of, and which reasons may add or remove units."""

from __future__ import annotations

from enum import StrEnum


class ReasonCode(StrEnum):
    DAMAGED = "damaged"  # units broken beyond any use and written off
    FOUND = "found"  # units turned up that the books did not know about
    LOST = "lost"  # units that cannot be found and are written off
    COUNT_CORRECTION = "count_correction"  # a cycle count found a different quantity
    EXPIRED = "expired"  # units past their expiry date, no longer sellable
    THEFT = "theft"  # units known to be stolen
    DATA_ENTRY_ERROR = "data_entry_error"  # an earlier movement was keyed wrongly
    RECEIVED_OVER = "received_over"  # a receipt booked fewer units than actually arrived
    RECEIVED_SHORT = "received_short"  # a receipt booked more units than actually arrived
    RETURN_TO_VENDOR = "return_to_vendor"  # units sent back to the supplier


_R = ReasonCode

# Reasons that make sense for units appearing (adjustment up) or disappearing (adjustment down).
# Count corrections and keying errors go either way.
REASONS_THAT_ADD: frozenset[ReasonCode] = frozenset(
    {_R.FOUND, _R.COUNT_CORRECTION, _R.DATA_ENTRY_ERROR, _R.RECEIVED_OVER}
)
REASONS_THAT_REMOVE: frozenset[ReasonCode] = frozenset(
    {
        _R.DAMAGED,
        _R.LOST,
        _R.COUNT_CORRECTION,
        _R.EXPIRED,
        _R.THEFT,
        _R.DATA_ENTRY_ERROR,
        _R.RECEIVED_SHORT,
    }
)
# Reasons units physically leave the building other than to a customer or to Amazon.
DISPOSAL_REASONS: frozenset[ReasonCode] = frozenset({_R.DAMAGED, _R.EXPIRED, _R.RETURN_TO_VENDOR})
