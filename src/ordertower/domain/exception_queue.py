"""The exception queue: things a person must look at, each with a reason, an owner and a resolution.

One queue serves every area (receiving, counts, and later the order pipeline): an item names its
reason code, the subject it is about (kind + id), a message people read, and details for screens.
"""

from __future__ import annotations

from enum import StrEnum

from .inventory.receiving import DiscrepancyKind


class ExceptionReason(StrEnum):
    # A receipt brought more units of a SKU than its advance notice said (damaged units included).
    RECEIVING_OVER = "receiving_over"
    # A receipt brought fewer units of a SKU than its advance notice said.
    RECEIVING_SHORT = "receiving_short"
    # Units arrived damaged; they were received into the damaged pool and need a decision.
    RECEIVING_DAMAGED = "receiving_damaged"
    # A SKU arrived that the advance notice did not list at all.
    RECEIVING_UNEXPECTED_SKU = "receiving_unexpected_sku"
    # A cycle count differed from the books by more than the threshold; the books were corrected
    # and someone should find out why (theft, mis-picks, receiving errors).
    COUNT_VARIANCE = "count_variance"


class ExceptionStatus(StrEnum):
    OPEN = "open"  # waiting for a person
    RESOLVED = "resolved"  # a person dealt with it and wrote down how


class SubjectKind(StrEnum):
    RECEIPT = "receipt"  # an inbound receipt (subject id: the receipt id)
    COUNT_SHEET = "count_sheet"  # a cycle count sheet (subject id: the sheet id)
    ORDER = "order"  # a customer order (the order pipeline raises these)


# Receiving discrepancies raise one exception item each, with this reason.
DISCREPANCY_REASONS: dict[DiscrepancyKind, ExceptionReason] = {
    DiscrepancyKind.OVER: ExceptionReason.RECEIVING_OVER,
    DiscrepancyKind.SHORT: ExceptionReason.RECEIVING_SHORT,
    DiscrepancyKind.DAMAGED: ExceptionReason.RECEIVING_DAMAGED,
    DiscrepancyKind.UNEXPECTED_SKU: ExceptionReason.RECEIVING_UNEXPECTED_SKU,
}

MAX_NOTE_LENGTH = 2000
