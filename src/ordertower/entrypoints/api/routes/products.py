"""The product master: a merchant's products, their blocking and bundle components.

SKUs are unique per merchant and never change once created; PUT replaces every other editable field
(the blocked state and the components have their own routes). Lists are in SKU order (byte order)
and keyset-paged. Measures and cost are decimal strings in JSON, kept exactly as entered; dimensions
and weight also come back in inches and pounds. The CSV file routes are in `product_file`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, Field

from ordertower.domain.catalog import (
    BundleComponent,
    Dimensions,
    LengthUnit,
    PrepCategory,
    PrepProfile,
    PrepType,
    ProductSpec,
    UnitOfMeasure,
    Weight,
    WeightUnit,
)
from ordertower.services.catalog import blocking, bundles, products
from ordertower.services.catalog.ports import Product, ProductKind, ProductQuery

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, Reason, StrictIn

router = APIRouter(tags=["products"])

# `:int` keeps /products/export, /products/import and /products/by-sku apart from product ids.
ONE = "/merchants/{merchant_id}/products/{product_id:int}"
ProductIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The product id.")]
Text = Annotated[str | None, Field(default=None, max_length=2000)]


class DimensionsIn(StrictIn):
    length: Decimal
    width: Decimal
    height: Decimal
    unit: LengthUnit = Field(description="in or cm; kept as entered, also stored in inches.")


class WeightIn(StrictIn):
    value: Decimal
    unit: WeightUnit = Field(description="lb, oz, kg or g; kept as entered, also stored in lb.")


class PrepIO(StrictIn):
    category: PrepCategory | None = Field(default=None, description="Amazon's prep category.")
    prep_types: list[PrepType] = Field(default_factory=list, max_length=20)
    expiration_dated: bool = False
    fragile: bool = False
    liquid: bool = False
    hazmat: bool = False
    notes: Text = Field(default=None, description="Shown to prep staff.")

    def to_domain(self) -> PrepProfile:
        return PrepProfile(
            category=self.category,
            prep_types=tuple(self.prep_types),
            expiration_dated=self.expiration_dated,
            fragile=self.fragile,
            liquid=self.liquid,
            hazmat=self.hazmat,
            notes=self.notes,
        )

    @classmethod
    def of(cls, prep: PrepProfile) -> PrepIO:
        return cls(
            category=prep.category,
            prep_types=list(prep.prep_types),
            expiration_dated=prep.expiration_dated,
            fragile=prep.fragile,
            liquid=prep.liquid,
            hazmat=prep.hazmat,
            notes=prep.notes,
        )


class ComponentIO(StrictIn):
    sku: str = Field(max_length=200, description="A SKU of the same merchant.")
    quantity: int = Field(default=1, description="Units of it in one unit of the bundle.")


class ProductFields(StrictIn):
    """The fields an update replaces."""

    title: str = Field(max_length=2000)
    barcodes: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=50, description="UPC-A, EAN-13, EAN-8 or GTIN-14."
    )
    asin: Text = None
    fnsku: Text = Field(default=None, description="Amazon FNSKU, up to 10 letters/digits.")
    dimensions: DimensionsIn | None = None
    weight: WeightIn | None = None
    uom: UnitOfMeasure = UnitOfMeasure.EACH
    case_pack_qty: int = Field(default=1, description="Sellable units in one case.")
    cost: Decimal | None = None
    currency: Text = Field(default=None, description="ISO 4217, required with a cost.")
    prep: PrepIO = Field(default_factory=PrepIO)

    def to_spec(self, sku: str) -> ProductSpec:
        d, w = self.dimensions, self.weight
        return ProductSpec(
            sku=sku,
            title=self.title,
            barcodes=tuple(self.barcodes),
            asin=self.asin,
            fnsku=self.fnsku,
            dimensions=Dimensions(d.length, d.width, d.height, d.unit) if d else None,
            weight=Weight(w.value, w.unit) if w else None,
            uom=self.uom,
            case_pack_qty=self.case_pack_qty,
            cost=self.cost,
            currency=self.currency,
            prep=self.prep.to_domain(),
        )


class ProductIn(ProductFields):
    sku: str = Field(max_length=200, examples=["MUG-BLK-12OZ"], description="Never changes.")
    blocked: bool = False
    blocked_reason: Text = None
    bundle_components: list[ComponentIO] = Field(default_factory=list, max_length=500)

    def to_new_spec(self) -> ProductSpec:
        return replace(
            self.to_spec(self.sku),
            blocked=self.blocked,
            blocked_reason=self.blocked_reason,
            bundle_components=tuple(
                BundleComponent(c.sku, c.quantity) for c in self.bundle_components
            ),
        )


class ProductUpdate(ProductFields):
    sku: str | None = Field(
        default=None, max_length=200, description="Optional; must be the product's SKU."
    )
    reason: Reason = None


class BlockIn(StrictIn):
    reason: str | None = Field(default=None, max_length=2000, description="Why (required).")


class UnblockIn(StrictIn):
    reason: Reason = None


class ComponentsIn(StrictIn):
    components: list[ComponentIO] = Field(max_length=500, description="Empty: a plain item.")
    reason: Reason = None


class DimensionsOut(BaseModel):
    length: Decimal
    width: Decimal
    height: Decimal
    unit: LengthUnit
    length_in: Decimal
    width_in: Decimal
    height_in: Decimal


class WeightOut(BaseModel):
    value: Decimal
    unit: WeightUnit
    pounds: Decimal


class ProductOut(BaseModel):
    id: int
    merchant_id: int
    sku: str
    kind: ProductKind
    title: str
    barcodes: list[str]
    asin: str | None
    fnsku: str | None
    dimensions: DimensionsOut | None
    weight: WeightOut | None
    uom: UnitOfMeasure
    case_pack_qty: int
    cost: Decimal | None
    currency: str | None
    blocked: bool
    blocked_reason: str | None
    bundle_components: list[ComponentIO]
    prep: PrepIO
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, product: Product) -> ProductOut:
        spec, d, w = product.spec, product.spec.dimensions, product.spec.weight
        return cls(
            id=product.id,
            merchant_id=product.merchant_id,
            sku=spec.sku,
            kind=product.kind,
            title=spec.title,
            barcodes=list(spec.barcodes),
            asin=spec.asin,
            fnsku=spec.fnsku,
            dimensions=DimensionsOut(
                length=d.length,
                width=d.width,
                height=d.height,
                unit=d.unit,
                length_in=d.length_in,
                width_in=d.width_in,
                height_in=d.height_in,
            )
            if d
            else None,
            weight=WeightOut(value=w.value, unit=w.unit, pounds=w.pounds) if w else None,
            uom=spec.uom,
            case_pack_qty=spec.case_pack_qty,
            cost=spec.cost,
            currency=spec.currency,
            blocked=spec.blocked,
            blocked_reason=spec.blocked_reason,
            bundle_components=[
                ComponentIO(sku=c.sku, quantity=c.quantity) for c in spec.bundle_components
            ],
            prep=PrepIO.of(spec.prep),
            created_at=product.created_at,
            updated_at=product.updated_at,
        )


@router.get("/merchants/{merchant_id}/products", response_model=PageOut[ProductOut])
def list_products(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="SKU prefix, title words, or barcode/FNSKU/ASIN."),
    ] = None,
    sku: Annotated[str | None, Query(max_length=64, description="SKU prefix.")] = None,
    title: Annotated[str | None, Query(max_length=200, description="Words of the title.")] = None,
    barcode: Annotated[str | None, Query(max_length=20, description="Exact barcode.")] = None,
    fnsku: Annotated[str | None, Query(max_length=10)] = None,
    asin: Annotated[str | None, Query(max_length=10)] = None,
    blocked: bool | None = None,
    kind: ProductKind | None = None,
) -> PageOut[ProductOut]:
    """The merchant's products in SKU order; every given criterion must match."""
    query = ProductQuery(
        text=q,
        sku_prefix=sku,
        title_words=title,
        barcode=barcode,
        fnsku=fnsku,
        asin=asin,
        blocked=blocked,
        kind=kind,
    )
    found = products.search_products(
        runtime.uow(), principal=principal, merchant_id=merchant_id, query=query, page=page
    )
    return page_out(found, ProductOut.of)


@router.post("/merchants/{merchant_id}/products", status_code=status.HTTP_201_CREATED)
def create_product(
    merchant_id: MerchantDep, body: ProductIn, runtime: RuntimeDep, principal: PrincipalDep
) -> ProductOut:
    """Add a product; a SKU, barcode or FNSKU the merchant already uses is a 409 naming it."""
    product = products.create_product(
        runtime.uow(), principal=principal, merchant_id=merchant_id, spec=body.to_new_spec()
    )
    return ProductOut.of(product)


@router.get("/merchants/{merchant_id}/products/by-sku")
def get_product_by_sku(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    sku: Annotated[str, Query(max_length=200, description="The exact SKU.")],
) -> ProductOut:
    """The product with this SKU (exact, case-sensitive)."""
    product = products.get_product_by_sku(
        runtime.uow(), principal=principal, merchant_id=merchant_id, sku=sku
    )
    return ProductOut.of(product)


@router.get(ONE)
def get_product(
    merchant_id: MerchantDep,
    product_id: ProductIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ProductOut:
    """One product."""
    product = products.get_product(
        runtime.uow(), principal=principal, merchant_id=merchant_id, product_id=product_id
    )
    return ProductOut.of(product)


@router.put(ONE)
def update_product(
    merchant_id: MerchantDep,
    product_id: ProductIdPath,
    body: ProductUpdate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ProductOut:
    """Replace the product's fields (not its SKU, blocked state or bundle components)."""
    product = products.update_product(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        product_id=product_id,
        spec=body.to_spec(body.sku or ""),
        reason=body.reason,
    )
    return ProductOut.of(product)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT)
def delete_product(
    merchant_id: MerchantDep,
    product_id: ProductIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    reason: Annotated[str | None, Query(max_length=500, description="Why (audit log).")] = None,
) -> None:
    """Delete a product nothing refers to; else a 409 naming what does (block it instead)."""
    products.delete_product(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        product_id=product_id,
        reason=reason,
    )


@router.post(ONE + "/block")
def block_product(
    merchant_id: MerchantDep,
    product_id: ProductIdPath,
    body: BlockIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ProductOut:
    """Block the SKU (neither sold nor shipped) with a reason; again: replaces the reason."""
    product = blocking.block_product(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        product_id=product_id,
        reason=body.reason,
    )
    return ProductOut.of(product)


@router.post(ONE + "/unblock")
def unblock_product(
    merchant_id: MerchantDep,
    product_id: ProductIdPath,
    body: UnblockIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ProductOut:
    """Unblock a blocked SKU (a 409 when it is not blocked)."""
    product = blocking.unblock_product(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        product_id=product_id,
        reason=body.reason,
    )
    return ProductOut.of(product)


@router.put(ONE + "/components")
def set_bundle_components(
    merchant_id: MerchantDep,
    product_id: ProductIdPath,
    body: ComponentsIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ProductOut:
    """Set the bundle's components by SKU (none: a plain item); cycles are refused."""
    product = bundles.set_bundle_components(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        product_id=product_id,
        components=[BundleComponent(c.sku, c.quantity) for c in body.components],
        reason=body.reason,
    )
    return ProductOut.of(product)
