"""Turning what people send (SKUs, location and bin ids) into checked references, in bulk.

Every refusal names the movement and field: an unknown SKU, a bundle (it has no stock of its own), a
location the merchant may not use, a bin that is not in the location named, a missing expiry date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ordertower.domain.errors import InvalidInput, NotFound
from ordertower.domain.inventory import MovementRequest, Place

from .ports import BalanceRef, BinRef, InventoryStore, LocationRef, PositionRef, ProductRef


@dataclass(frozen=True, slots=True)
class Resolved:
    products: dict[str, ProductRef]
    locations: dict[int, LocationRef]
    bins: dict[int, BinRef]

    def balance_ref(self, product_id: int, place: Place | None) -> BalanceRef | None:
        if place is None:
            return None
        return BalanceRef(
            product_id, place.location_id, place.bin_id or 0, str(place.status), place.lot or ""
        )

    def label(self, sku: str, ref: BalanceRef) -> str:
        where = self.locations[ref.location_id].code
        if ref.bin_id:
            where += f"/{self.bins[ref.bin_id].code}"
        lot = f", lot {ref.lot}" if ref.lot else ""
        return f"{sku} at {where} ({ref.status}{lot})"

    def position_label(self, sku: str, ref: PositionRef) -> str:
        return f"{sku} at {self.locations[ref.location_id].code} (sellable)"


def resolve(
    store: InventoryStore, merchant_id: int, requests: Sequence[MovementRequest]
) -> Resolved:
    products = store.products_by_sku(merchant_id, {r.sku for r in requests})
    places = [
        (i, side, place)
        for i, r in enumerate(requests)
        for side, place in (("from_place", r.from_place), ("to_place", r.to_place))
        if place is not None
    ]
    locations = store.locations({p.location_id for _, _, p in places})
    bins = store.bins({p.bin_id for _, _, p in places if p.bin_id is not None})
    for index, request in enumerate(requests):
        _check_product(index, request, products.get(request.sku))
    for index, side, place in places:
        _check_place(merchant_id, f"movements[{index}].{side}", place, locations, bins)
    return Resolved(products, locations, bins)


def _check_product(index: int, request: MovementRequest, product: ProductRef | None) -> None:
    field = f"movements[{index}].sku"
    if product is None:
        raise NotFound(f"SKU {request.sku} is not in this merchant's catalog.", field=field)
    if product.kind == "bundle":
        raise InvalidInput(
            f"{request.sku} is a bundle: it has no stock of its own; move its components.",
            field=field,
        )
    landing = request.to_place if request.from_place is None else None
    if product.expiration_dated and landing is not None and landing.expires_on is None:
        raise InvalidInput(
            f"{request.sku} is expiration-dated: give the expiry date of the units that arrive.",
            field=f"movements[{index}].to_place.expires_on",
        )
    if product.expiration_dated and landing is not None and not landing.lot:
        # Balances are kept per lot: without one, units of different expiry dates would merge.
        raise InvalidInput(
            f"{request.sku} is expiration-dated: give the lot of the units that arrive.",
            field=f"movements[{index}].to_place.lot",
        )


def _check_place(
    merchant_id: int,
    field: str,
    place: Place,
    locations: dict[int, LocationRef],
    bins: dict[int, BinRef],
) -> None:
    location = locations.get(place.location_id)
    if location is None or location.merchant_id not in (None, merchant_id):
        raise NotFound(
            f"Location {place.location_id} does not exist.", field=f"{field}.location_id"
        )
    if not location.active:
        raise InvalidInput(f"Location {location.code} is inactive.", field=f"{field}.location_id")
    if place.bin_id is None:
        return
    found = bins.get(place.bin_id)
    if found is None or found.location_id != location.id:
        raise NotFound(
            f"Bin {place.bin_id} does not exist in location {location.code}.",
            field=f"{field}.bin_id",
        )
    if not found.active:
        raise InvalidInput(f"Bin {found.code} is inactive.", field=f"{field}.bin_id")
