"""The merchant's SKU: 1 to 64 characters, letters, digits and - _ . / only."""

from __future__ import annotations

import re

from .errors import InvalidSku

SKU_MAX_LENGTH = 64
_SKU = re.compile(r"[A-Za-z0-9._/-]+")


def validate_sku(text: str) -> str:
    """Return the SKU without surrounding whitespace, or raise InvalidSku saying what is wrong.

    SKUs are compared exactly (case-sensitive): `abc-1` and `ABC-1` are two SKUs.
    """
    sku = text.strip()
    if not sku:
        raise InvalidSku("SKU is required.", field="sku")
    if len(sku) > SKU_MAX_LENGTH:
        raise InvalidSku(
            f"SKU {sku[:20]}… is {len(sku)} characters; use at most {SKU_MAX_LENGTH}.", field="sku"
        )
    if not _SKU.fullmatch(sku):
        bad = sorted({char for char in sku if not _SKU.fullmatch(char)})
        shown = " ".join(repr(char) for char in bad)
        raise InvalidSku(
            f"SKU {sku!r} contains {shown}; use only letters, digits and - _ . / (no spaces).",
            field="sku",
        )
    return sku
