"""The identifiers inventory rules are written in terms of, named once so they can change in one place."""

from __future__ import annotations

from typing import TypeAlias

# A merchant (a 3PL client or the brand itself): the database id, as everywhere else.
MerchantId: TypeAlias = int
# Locations, bins and SKUs by the codes people read on labels and screens ("WH-EAST", "A-01-03",
# "TEE-RED-M"); they are unique within their parent, so they key balances and read well in the
# ledger and in ATS explanations. The rules only hash, compare and print them.
LocationId: TypeAlias = str
BinId: TypeAlias = str
Sku: TypeAlias = str
