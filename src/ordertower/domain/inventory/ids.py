"""The identifiers the inventory rules use, named once so they can change in one place."""

from __future__ import annotations

from typing import TypeAlias

# Merchants, locations and bins by their database ids, as the rest of OrderTower passes them.
MerchantId: TypeAlias = int
LocationId: TypeAlias = int
BinId: TypeAlias = int
# SKUs by the merchant's SKU code, as the catalog's bundle components name them.
Sku: TypeAlias = str
