"""Use cases for the product CSV file: import (all or nothing, upsert by SKU) and export.

Import is an upsert by SKU: a row whose SKU the merchant already has replaces that product's every
field (a blank cell clears it; blocked state, barcodes and bundle components included); a row with
a new SKU creates a product. The file is checked whole, by the domain (cells, rows, repeats across
rows, cycles through stored bundles) and against the stored catalog (barcodes and FNSKUs of products
not in the file, component SKUs); every error is reported by row and column and nothing is written
unless none is found. The write is one transaction with one audit entry counting what changed.
Export writes the same columns, so an exported file imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ordertower.domain.catalog import (
    DEFAULT_MAX_ROWS,
    PRODUCT_CSV_COLUMNS,
    ProductFileInvalid,
    ProductSpec,
    RowError,
    mentioned_skus,
    parse_product_csv,
    render_product_csv,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.recompute_jobs import defer_recompute

from .audit import product_entry
from .checks import gtin14_or_none, valid_sku_or_none
from .ports import ProductRepository
from .unit_of_work import CatalogUnitOfWork

EXPORT_BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class ProductImport:
    """What an import did: SKUs created and SKUs whose product was replaced."""

    created: tuple[str, ...]
    updated: tuple[str, ...]


def import_products_csv(
    uow: CatalogUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    text: str,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ProductImport:
    """Import a product file whole, or raise ProductFileInvalid listing every error by row."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        products = uow.products
        products.lock_catalog(merchant_id=merchant_id)
        existing = products.ids_by_sku(merchant_id=merchant_id, skus=mentioned_skus(text))
        bundles_before = products.bundle_graph(merchant_id=merchant_id)
        parsed = parse_product_csv(
            text,
            known_skus=existing.keys(),
            existing_bundles=bundles_before,
            max_rows=max_rows,
        )
        errors = [*parsed.errors, *_stored_identifier_errors(products, merchant_id, parsed.drafts)]
        if errors:
            raise ProductFileInvalid(_ordered(errors))
        new = [spec for spec in parsed.specs if spec.sku not in existing]
        replaced = {existing[spec.sku]: spec for spec in parsed.specs if spec.sku in existing}
        ids = {**existing, **products.save(merchant_id=merchant_id, new=new, replaced=replaced)}
        products.set_components(
            merchant_id=merchant_id,
            bundles={
                ids[spec.sku]: [(ids[c.sku], c.quantity) for c in spec.bundle_components]
                for spec in parsed.specs
            },
        )
        # A bundle's listings sell what its (new) parts allow.
        defer_recompute(
            uow.jobs,
            merchant_id,
            (
                ids[spec.sku]
                for spec in parsed.specs
                if spec.bundle_components or spec.sku in bundles_before
            ),
        )
        report = ProductImport(
            created=tuple(spec.sku for spec in new),
            updated=tuple(spec.sku for spec in replaced.values()),
        )
        uow.audit.record(
            product_entry(
                principal,
                "products.imported",
                merchant_id=merchant_id,
                product_id=None,
                rows=len(parsed.specs),
                created=len(report.created),
                updated=len(report.updated),
            )
        )
        uow.commit()
    return report


def export_products_csv(
    uow: CatalogUnitOfWork, *, principal: Principal, merchant_id: int
) -> Iterator[str]:
    """The merchant's product file in SKU order, in chunks (the header first), for streaming.

    The caller is checked now; the rows are read while the chunks are consumed, in one transaction.
    """
    principal.require(Permission.READ, merchant_id)
    return _file_chunks(uow, merchant_id)


def _file_chunks(uow: CatalogUnitOfWork, merchant_id: int) -> Iterator[str]:
    yield render_product_csv([])
    with uow:
        batches = uow.products.export_batches(merchant_id=merchant_id, batch_size=EXPORT_BATCH_SIZE)
        for batch in batches:
            yield render_product_csv(batch, header=False)


def _stored_identifier_errors(
    products: ProductRepository, merchant_id: int, rows: Sequence[tuple[int, ProductSpec]]
) -> list[RowError]:
    """Barcodes and FNSKUs of the file that a stored product outside the file already holds.

    A product in the file gives up what its row no longer lists, so only owners outside the file
    make a clash (clashes between rows are the domain's to report).
    """
    in_file = {sku for _, spec in rows if (sku := valid_sku_or_none(spec.sku))}
    barcodes = [
        (row, spec.sku, code, gtin14)
        for row, spec in rows
        for code in spec.barcodes
        if (gtin14 := gtin14_or_none(code))
    ]
    fnskus = [(row, spec.sku, spec.fnsku.strip().upper()) for row, spec in rows if spec.fnsku]
    barcode_owners = products.barcode_owners(
        merchant_id=merchant_id, gtin14s={gtin14 for *_, gtin14 in barcodes}
    )
    fnsku_owners = products.fnsku_owners(merchant_id=merchant_id, fnskus={f for *_, f in fnskus})
    errors = []
    for row, sku, code, gtin14 in barcodes:
        owner = barcode_owners.get(gtin14)
        if owner is not None and owner != sku and owner not in in_file:
            message = (
                f"Barcode {code} already belongs to SKU {owner} in the catalog; a barcode "
                f"identifies one SKU. Remove it here, or add {owner} to the file without it."
            )
            errors.append(RowError(row, "barcodes", "barcode_taken", message))
    for row, sku, fnsku in fnskus:
        owner = fnsku_owners.get(fnsku)
        if owner is not None and owner != sku and owner not in in_file:
            message = (
                f"FNSKU {fnsku} already labels SKU {owner} in the catalog; an FNSKU labels one "
                f"SKU. Remove it here, or add {owner} to the file without it."
            )
            errors.append(RowError(row, "fnsku", "fnsku_taken", message))
    return errors


def _ordered(errors: list[RowError]) -> list[RowError]:
    position = {"": -1} | {column: index for index, column in enumerate(PRODUCT_CSV_COLUMNS)}
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda e: (e.row, position.get(e.column, len(position))))
