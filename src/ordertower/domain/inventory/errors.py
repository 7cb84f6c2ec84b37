"""The refusals of the inventory rules, each with a stable code clients can branch on."""

from __future__ import annotations

from ordertower.domain.errors import Conflict, IllegalTransition, InvalidInput


class StatusChangeNotAllowed(IllegalTransition):
    code = "status_change_not_allowed"


class InvalidMovement(InvalidInput):
    code = "invalid_movement"


class InsufficientStock(Conflict):
    code = "insufficient_stock"


class ReleaseExceedsAllocation(Conflict):
    code = "release_exceeds_allocation"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


class InvalidListingStockRule(InvalidInput):
    code = "invalid_listing_stock_rule"


class InvalidComposition(InvalidInput):
    code = "invalid_composition"


class InvalidCountSheet(InvalidInput):
    code = "invalid_count_sheet"


class InvalidReceipt(InvalidInput):
    code = "invalid_receipt"
