"""The one inventory truth as pure rules: pools, movements, balances, ATS, counts, receiving."""

from .advance_notices import AdvanceNotice, ExpectedLine, InboundPackage, PackageKind
from .ats_explained import explain_listing_ats
from .availability import AtsResult, ats_quantity, compute_listing_ats
from .balances import BalanceBook, Movement
from .counts import CountLine, CountSheet, CountVariance, count_corrections, count_variances
from .errors import (
    IdempotencyKeyReused,
    InsufficientStock,
    InvalidComposition,
    InvalidCountSheet,
    InvalidListingStockRule,
    InvalidMovement,
    InvalidReceipt,
    ReleaseExceedsAllocation,
    StatusChangeNotAllowed,
)
from .ids import BinId, LocationId, MerchantId, Sku
from .ledger_checks import on_hand_from_movements, stock_violations
from .listing_rules import (
    Bundle,
    Composition,
    ListingStockRule,
    SingleSku,
    units_drawn,
)
from .movement_kinds import MovementKind, ReferenceKind
from .movement_rules import MAX_QUANTITY, RECEIPT_STATUSES, SHIPMENT_STATUSES
from .movements import MovementRequest
from .places import BalanceKey, Place, PositionKey, Reference
from .pools import (
    ALLOCATABLE_FOR_ORDERS,
    STATUS_CHANGES,
    InventoryStatus,
    allowed_status_changes,
    check_status_change,
)
from .reasons import DISPOSAL_REASONS, REASONS_THAT_ADD, REASONS_THAT_REMOVE, ReasonCode
from .receiving import (
    Discrepancy,
    DiscrepancyKind,
    ReceiptLine,
    ReceivingScan,
    close_receipt,
    dock_to_stock,
    tally_receipt,
)
from .stock_feed import SellableStock, StockFeed

__all__ = [
    "ALLOCATABLE_FOR_ORDERS",
    "DISPOSAL_REASONS",
    "MAX_QUANTITY",
    "REASONS_THAT_ADD",
    "REASONS_THAT_REMOVE",
    "RECEIPT_STATUSES",
    "SHIPMENT_STATUSES",
    "STATUS_CHANGES",
    "AdvanceNotice",
    "AtsResult",
    "BalanceBook",
    "BalanceKey",
    "BinId",
    "Bundle",
    "Composition",
    "CountLine",
    "CountSheet",
    "CountVariance",
    "Discrepancy",
    "DiscrepancyKind",
    "ExpectedLine",
    "IdempotencyKeyReused",
    "InboundPackage",
    "InsufficientStock",
    "InvalidComposition",
    "InvalidCountSheet",
    "InvalidListingStockRule",
    "InvalidMovement",
    "InvalidReceipt",
    "InventoryStatus",
    "ListingStockRule",
    "LocationId",
    "MerchantId",
    "Movement",
    "MovementKind",
    "MovementRequest",
    "PackageKind",
    "Place",
    "PositionKey",
    "ReasonCode",
    "ReceiptLine",
    "ReceivingScan",
    "Reference",
    "ReferenceKind",
    "ReleaseExceedsAllocation",
    "SellableStock",
    "SingleSku",
    "Sku",
    "StatusChangeNotAllowed",
    "StockFeed",
    "allowed_status_changes",
    "ats_quantity",
    "check_status_change",
    "close_receipt",
    "compute_listing_ats",
    "count_corrections",
    "count_variances",
    "dock_to_stock",
    "explain_listing_ats",
    "on_hand_from_movements",
    "stock_violations",
    "tally_receipt",
    "units_drawn",
]
