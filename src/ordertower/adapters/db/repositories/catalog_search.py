"""Product search that stays fast at millions of products: each criterion is answered by an index.

SKUs are stored in byte order ("C" collation), so a SKU prefix is a range of the (merchant_id, sku)
index and results come in that index's order. Barcodes, FNSKUs and ASINs are exact index lookups;
blocked products and bundles have partial indexes in SKU order. Title words use the full-text index
on `to_tsvector('simple', title)` (each word matches the start of a title word, any case).

Title words need care: the planner cannot tell a rare word from a common one, and walking the SKU
index testing every title is fast for common words but reads the whole catalog for a word nobody
uses, while the full-text index is the reverse. So a title search walks a window of WINDOW
products in SKU order first; only when that window holds too few matches (a rare word) is the
full-text index asked, for the products after the window.
The search box (`text`) is several such searches (SKU prefix, title words, each identifier) whose
first SKUs are merged.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, false, func, literal_column, select

from ordertower.domain.catalog import InvalidBarcode, validate_gtin
from ordertower.services.catalog.ports import ProductKind, ProductQuery

from ..tables.catalog import product_barcodes, products

WINDOW = 10_000  # products walked in SKU order before a title search asks the full-text index
MAX_TITLE_WORDS = 10
_WORD = re.compile(r"[^\W_]+")
_SIMPLE: ColumnElement[str] = literal_column("'simple'::regconfig")
_FNSKU = re.compile(r"[A-Z0-9]{1,10}")
_ASIN = re.compile(r"[A-Z0-9]{10}")

TitleTest = Any  # a function of a title column giving the condition that it matches


def sku_prefix(prefix: str) -> ColumnElement[bool]:
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (products.c.sku >= prefix) & (products.c.sku < upper)


def title_test(text: str) -> TitleTest:
    words = _WORD.findall(text.lower())[:MAX_TITLE_WORDS]
    query = " & ".join(f"{word}:*" for word in words)

    def matches(title: Any) -> ColumnElement[bool]:
        if not words:
            return false()
        document = func.to_tsvector(_SIMPLE, title)
        condition: ColumnElement[bool] = document.op("@@")(func.to_tsquery(_SIMPLE, query))
        return condition

    return matches


def has_barcode(merchant_id: int, gtin14: str) -> ColumnElement[bool]:
    owners = select(product_barcodes.c.product_id).where(
        product_barcodes.c.merchant_id == merchant_id, product_barcodes.c.gtin14 == gtin14
    )
    return products.c.id.in_(owners)


def criteria(merchant_id: int, query: ProductQuery) -> list[ColumnElement[bool]]:
    """Conditions every result meets, but title words (literal where a partial index must see
    the value)."""
    found: list[ColumnElement[bool]] = [products.c.merchant_id == merchant_id]
    if query.sku_prefix:
        found.append(sku_prefix(query.sku_prefix))
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
    """The search box's alternatives but title words: SKU prefix (as typed or in capitals), or a
    barcode / FNSKU / ASIN exactly."""
    upper = text.upper()
    found = [sku_prefix(prefix) for prefix in dict.fromkeys((text, upper))]
    with contextlib.suppress(InvalidBarcode):
        found.append(has_barcode(merchant_id, validate_gtin(text).gtin14))
    if _FNSKU.fullmatch(upper):
        found.append(products.c.fnsku == upper)
    if _ASIN.fullmatch(upper):
        found.append(products.c.asin == upper)
    return found


class ProductFinder:
    """The first SKUs (in SKU order) of the products matching a query, after a cursor."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def skus(
        self, merchant_id: int, query: ProductQuery, *, after: str | None, limit: int
    ) -> list[str]:
        conditions = criteria(merchant_id, query)
        if after is not None:
            conditions.append(products.c.sku > after)
        titles = [title_test(query.title_words)] if query.title_words else []
        if not query.text:
            return self._first(conditions, titles, limit)
        found: set[str] = set()
        for alternative in search_box(merchant_id, query.text):
            found.update(self._first([*conditions, alternative], titles, limit))
        found.update(self._first(conditions, [*titles, title_test(query.text)], limit))
        return sorted(found)[:limit]  # str order is byte order, the order of the "C" collation

    def _first(
        self, conditions: Sequence[ColumnElement[bool]], titles: Sequence[TitleTest], limit: int
    ) -> list[str]:
        if not titles:
            return self._scalars(
                select(products.c.sku).where(*conditions).order_by(products.c.sku).limit(limit)
            )
        window = (
            select(products.c.sku, products.c.title)
            .where(*conditions)
            .order_by(products.c.sku)
            .limit(WINDOW)
            .subquery()
        )
        hits = self._scalars(
            select(window.c.sku)
            .where(and_(*(test(window.c.title) for test in titles)))
            .order_by(window.c.sku)
            .limit(limit)
        )
        if len(hits) == limit:
            return hits
        walked, last = self._c.execute(select(func.count(), func.max(window.c.sku))).one()
        if walked < WINDOW:  # the window held every candidate
            return hits
        # A rare word: the full-text index finds the rest. Ordering by another name of byte order
        # keeps the planner from walking the SKU index instead.
        rest = self._scalars(
            select(products.c.sku)
            .where(*conditions, products.c.sku > last, *(test(products.c.title) for test in titles))
            .order_by(products.c.sku.collate("POSIX"))
            .limit(limit - len(hits))
        )
        return hits + rest

    def _scalars(self, statement: Any) -> list[str]:
        return list(self._c.execute(statement).scalars())
