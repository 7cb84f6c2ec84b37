"""The SQL conditions of a product search, each one an index can answer at millions of products.

SKUs are stored in byte order ("C" collation), so a SKU prefix is a range of the (merchant_id, sku)
index. Title words use the full-text index on `to_tsvector('simple', title)`: each word matches
the start of a title word, case-insensitively. Barcodes, FNSKUs and ASINs are exact lookups.
"""

from __future__ import annotations

import contextlib
import re

from sqlalchemy import ColumnElement, false, func, literal_column, select

from ordertower.domain.catalog import InvalidBarcode, validate_gtin
from ordertower.services.catalog.ports import ProductKind, ProductQuery

from ..tables.catalog import product_barcodes, products

MAX_TITLE_WORDS = 10
_WORD = re.compile(r"[^\W_]+")
_SIMPLE: ColumnElement[str] = literal_column("'simple'::regconfig")
_FNSKU = re.compile(r"[A-Z0-9]{1,10}")
_ASIN = re.compile(r"[A-Z0-9]{10}")


def sku_prefix(prefix: str) -> ColumnElement[bool]:
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (products.c.sku >= prefix) & (products.c.sku < upper)


def title_words(text: str) -> ColumnElement[bool]:
    words = _WORD.findall(text.lower())[:MAX_TITLE_WORDS]
    if not words:
        return false()
    query = " & ".join(f"{word}:*" for word in words)
    document = func.to_tsvector(_SIMPLE, products.c.title)
    matches: ColumnElement[bool] = document.op("@@")(func.to_tsquery(_SIMPLE, query))
    return matches


def has_barcode(merchant_id: int, gtin14: str) -> ColumnElement[bool]:
    owners = select(product_barcodes.c.product_id).where(
        product_barcodes.c.merchant_id == merchant_id, product_barcodes.c.gtin14 == gtin14
    )
    return products.c.id.in_(owners)


def criteria(merchant_id: int, query: ProductQuery) -> list[ColumnElement[bool]]:
    """Conditions every result meets (all but the search box), literal where a partial index
    must see the value."""
    found: list[ColumnElement[bool]] = [products.c.merchant_id == merchant_id]
    if query.sku_prefix:
        found.append(sku_prefix(query.sku_prefix))
    if query.title_words:
        found.append(title_words(query.title_words))
    if query.barcode:
        found.append(has_barcode(merchant_id, query.barcode))
    if query.fnsku:
        found.append(products.c.fnsku == query.fnsku)
    if query.asin:
        found.append(products.c.asin == query.asin)
    if query.blocked is not None:
        found.append(products.c.blocked if query.blocked else ~products.c.blocked)
    if query.kind is not None:
        found.append(products.c.kind == literal_column(f"'{ProductKind(query.kind).value}'"))
    return found


def search_box(merchant_id: int, text: str) -> list[ColumnElement[bool]]:
    """Alternatives for the search box: SKU prefix (as typed or in capitals), title words, or a
    barcode / FNSKU / ASIN exactly. Each one is answered by its own index."""
    upper = text.upper()
    found: list[ColumnElement[bool]] = [
        sku_prefix(prefix) for prefix in dict.fromkeys((text, upper))
    ]
    found.append(title_words(text))
    with contextlib.suppress(InvalidBarcode):
        found.append(has_barcode(merchant_id, validate_gtin(text).gtin14))
    if _FNSKU.fullmatch(upper):
        found.append(products.c.fnsku == upper)
    if _ASIN.fullmatch(upper):
        found.append(products.c.asin == upper)
    return found
