"""SQL for the product master: products, their barcodes and bundle components."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    String,
    any_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from ordertower.domain.catalog import BundleComponent, ProductInUse, ProductSpec, validate_gtin
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.catalog.ports import (
    ComponentIds,
    Product,
    ProductKind,
    ProductQuery,
    ProductUsers,
)

from ..paging import to_page
from ..tables.catalog import bundle_components, product_barcodes, products
from ..tables.channels import listings
from ..unique import unique_conflicts
from .catalog_rows import columns_of, load_products, product_rows
from .catalog_search import ProductFinder

_IDENTIFIERS = {
    "uq_products_merchant_id_sku": "sku",
    "uq_product_barcodes_merchant_id_gtin14": "barcodes",
    "uq_products_merchant_fnsku": "fnsku",
}
_FOREIGN_KEY_VIOLATION = "23503"
_REFERRERS = {"listings": "channel listings", "bundle_components": "bundles"}
_bundle = products.alias("bundle")


def _texts(values: Collection[str]) -> Any:
    """A text[] parameter: one bind for any number of values (no parameter limit)."""
    return any_(literal(sorted(values), ARRAY(String)))


class SqlProducts:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def lock_catalog(self, *, merchant_id: int) -> None:
        self._c.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended('ordertower:catalog:' || :m, 0))"),
            {"m": str(merchant_id)},
        )

    def get(self, *, merchant_id: int, product_id: int) -> Product | None:
        found = self._load(merchant_id, products.c.id == product_id)
        return found[0] if found else None

    def get_by_sku(self, *, merchant_id: int, sku: str) -> Product | None:
        found = self._load(merchant_id, products.c.sku == sku)
        return found[0] if found else None

    def _load(self, merchant_id: int, *conditions: Any, limit: int | None = None) -> list[Product]:
        rows = (
            product_rows()
            .where(products.c.merchant_id == merchant_id, *conditions)
            .order_by(products.c.sku)
            .limit(limit)
        )
        return load_products(self._c, merchant_id, rows)

    def ids_by_sku(self, *, merchant_id: int, skus: Collection[str]) -> dict[str, int]:
        if not skus:
            return {}
        rows = self._c.execute(
            select(products.c.sku, products.c.id).where(
                products.c.merchant_id == merchant_id, products.c.sku == _texts(skus)
            )
        ).all()
        return {row.sku: row.id for row in rows}

    def search(self, *, merchant_id: int, query: ProductQuery, page: PageRequest) -> Page[Product]:
        skus = ProductFinder(self._c).skus(
            merchant_id, query, after=page.after, limit=page.limit + 1
        )
        found = self._load(merchant_id, products.c.sku == _texts(skus)) if skus else []
        return to_page(found, page, lambda product: product.sku)

    def count(self, *, merchant_id: int) -> int:
        return int(
            self._c.execute(
                select(func.count()).where(products.c.merchant_id == merchant_id)
            ).scalar_one()
        )

    def barcode_owners(self, *, merchant_id: int, gtin14s: Collection[str]) -> dict[str, str]:
        if not gtin14s:
            return {}
        rows = self._c.execute(
            select(product_barcodes.c.gtin14, products.c.sku)
            .join(
                products,
                (products.c.merchant_id == product_barcodes.c.merchant_id)
                & (products.c.id == product_barcodes.c.product_id),
            )
            .where(
                product_barcodes.c.merchant_id == merchant_id,
                product_barcodes.c.gtin14 == _texts(gtin14s),
            )
        ).all()
        return {row.gtin14: row.sku for row in rows}

    def fnsku_owners(self, *, merchant_id: int, fnskus: Collection[str]) -> dict[str, str]:
        if not fnskus:
            return {}
        rows = self._c.execute(
            select(products.c.fnsku, products.c.sku).where(
                products.c.merchant_id == merchant_id, products.c.fnsku == _texts(fnskus)
            )
        ).all()
        return {row.fnsku: row.sku for row in rows}

    def bundle_graph(self, *, merchant_id: int) -> dict[str, tuple[BundleComponent, ...]]:
        component = products.alias("component")
        rows = self._c.execute(
            select(_bundle.c.sku.label("bundle"), component.c.sku, bundle_components.c.quantity)
            .select_from(bundle_components)
            .join(
                _bundle,
                (_bundle.c.merchant_id == bundle_components.c.merchant_id)
                & (_bundle.c.id == bundle_components.c.bundle_id),
            )
            .join(
                component,
                (component.c.merchant_id == bundle_components.c.merchant_id)
                & (component.c.id == bundle_components.c.component_id),
            )
            .where(bundle_components.c.merchant_id == merchant_id)
            .order_by(_bundle.c.sku, component.c.sku)
        ).all()
        graph: dict[str, list[BundleComponent]] = {}
        for row in rows:
            graph.setdefault(row.bundle, []).append(BundleComponent(row.sku, row.quantity))
        return {sku: tuple(components) for sku, components in graph.items()}

    def users_of(self, *, merchant_id: int, product_id: int) -> ProductUsers:
        listing_count = self._c.execute(
            select(func.count()).where(
                listings.c.merchant_id == merchant_id, listings.c.product_id == product_id
            )
        ).scalar_one()
        bundles = self._c.execute(
            select(_bundle.c.sku)
            .join(
                bundle_components,
                (bundle_components.c.merchant_id == _bundle.c.merchant_id)
                & (bundle_components.c.bundle_id == _bundle.c.id),
            )
            .where(
                bundle_components.c.merchant_id == merchant_id,
                bundle_components.c.component_id == product_id,
            )
            .order_by(_bundle.c.sku)
        ).scalars()
        return ProductUsers(listing_count=int(listing_count), bundle_skus=tuple(bundles))

    def save(
        self,
        *,
        merchant_id: int,
        new: Sequence[ProductSpec],
        replaced: Mapping[int, ProductSpec],
    ) -> dict[str, int]:
        ids: dict[str, int] = {}
        with unique_conflicts(_IDENTIFIERS):
            if replaced:
                # Identifiers may move between the replaced products: free them all first.
                self._release_identifiers(merchant_id, list(replaced))
                self._c.execute(
                    update(products).where(
                        products.c.merchant_id == bindparam("b_merchant_id"),
                        products.c.id == bindparam("b_id"),
                    ),
                    [
                        {"b_merchant_id": merchant_id, "b_id": product_id, **columns_of(spec)}
                        for product_id, spec in replaced.items()
                    ],
                )
                ids.update({spec.sku: product_id for product_id, spec in replaced.items()})
            if new:
                rows = self._c.execute(
                    insert(products).returning(products.c.id, products.c.sku),
                    [
                        {"merchant_id": merchant_id, "sku": spec.sku, **columns_of(spec)}
                        for spec in new
                    ],
                ).all()
                ids.update({row.sku: row.id for row in rows})
            barcodes = [
                {
                    "merchant_id": merchant_id,
                    "product_id": ids[spec.sku],
                    "code": barcode.code,
                    "kind": barcode.kind.value,
                    "gtin14": barcode.gtin14,
                }
                for spec in (*replaced.values(), *new)
                for barcode in map(validate_gtin, spec.barcodes)
            ]
            if barcodes:
                self._c.execute(insert(product_barcodes), barcodes)
        return ids

    def _release_identifiers(self, merchant_id: int, product_ids: list[int]) -> None:
        self._c.execute(
            update(products)
            .where(
                products.c.merchant_id == merchant_id,
                products.c.id.in_(product_ids),
                products.c.fnsku.is_not(None),
            )
            .values(fnsku=None)
        )
        self._c.execute(
            delete(product_barcodes).where(
                product_barcodes.c.merchant_id == merchant_id,
                product_barcodes.c.product_id.in_(product_ids),
            )
        )

    def set_components(self, *, merchant_id: int, bundles: Mapping[int, ComponentIds]) -> None:
        if not bundles:
            return
        bundle_ids = list(bundles)
        self._c.execute(
            delete(bundle_components).where(
                bundle_components.c.merchant_id == merchant_id,
                bundle_components.c.bundle_id.in_(bundle_ids),
            )
        )
        rows = [
            {
                "merchant_id": merchant_id,
                "bundle_id": bundle_id,
                "component_id": component_id,
                "quantity": quantity,
            }
            for bundle_id, components in bundles.items()
            for component_id, quantity in components
        ]
        if rows:
            self._c.execute(insert(bundle_components), rows)
        for kind, ids in (
            (ProductKind.BUNDLE, [i for i, components in bundles.items() if components]),
            (ProductKind.ITEM, [i for i, components in bundles.items() if not components]),
        ):
            if ids:
                self._c.execute(
                    update(products)
                    .where(
                        products.c.merchant_id == merchant_id,
                        products.c.id.in_(ids),
                        products.c.kind != kind.value,
                    )
                    .values(kind=kind.value)
                )

    def set_block(self, *, merchant_id: int, product_id: int, reason: str | None) -> None:
        self._c.execute(
            update(products)
            .where(products.c.merchant_id == merchant_id, products.c.id == product_id)
            .values(blocked=reason is not None, blocked_reason=reason)
        )

    def delete(self, *, merchant_id: int, product_id: int) -> None:
        try:
            self._c.execute(
                delete(products).where(
                    products.c.merchant_id == merchant_id, products.c.id == product_id
                )
            )
        except IntegrityError as error:  # a reference the use case could not see (stock, a race)
            if getattr(error.orig, "sqlstate", None) != _FOREIGN_KEY_VIOLATION:
                raise
            diag = getattr(error.orig, "diag", None)
            table = str(getattr(diag, "table_name", "") or "other records")
            what = _REFERRERS.get(table, table.replace("_", " "))
            raise ProductInUse(
                f"Product {product_id} is still referred to by {what}; it cannot be deleted. "
                "Block the product instead.",
                field="product_id",
            ) from error

    def export_batches(self, *, merchant_id: int, batch_size: int) -> Iterator[list[ProductSpec]]:
        after: tuple[Any, ...] = ()
        while batch := self._load(merchant_id, *after, limit=batch_size):
            yield [product.spec for product in batch]
            after = (products.c.sku > batch[-1].sku,)


class CatalogRepositories:
    """Mixin for the unit of work: product-master repositories bound to its connection."""

    connection: Connection

    @property
    def products(self) -> SqlProducts:
        return SqlProducts(self.connection)
