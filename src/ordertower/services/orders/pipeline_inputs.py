"""What one pipeline batch loads once: SKU mappings per channel account, free stock, locations.

Listings and bundles become the domain's `SkuMappings` (bundles flattened to stocked components,
a listing's quantity-per applied); free stock becomes routing's availability
(location code → SKU → free units), which the batch spends as it assigns orders, so two orders in
one batch never count the same unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ordertower.domain.catalog.bundles import BundleComponent
from ordertower.domain.inventory import Bundle, Composition, SingleSku
from ordertower.domain.orders import SkuMappings

from .records import CatalogFacts, ListingFact, LocationFact, StoredOrder


def _flat(catalog: CatalogFacts, product_id: int, times: int, into: dict[int, int]) -> None:
    product = catalog.products[product_id]
    if product.kind != "bundle":
        into[product_id] = into.get(product_id, 0) + times
        return
    for component, quantity in catalog.components.get(product_id, ()):
        _flat(catalog, component, times * quantity, into)


def _bundle(catalog: CatalogFacts, product_id: int, times: int) -> Bundle | None:
    """The bundle's stocked components × `times`; None for a bundle without components."""
    units: dict[int, int] = {}
    _flat(catalog, product_id, times, units)
    if not units:
        return None
    return Bundle(
        tuple(
            BundleComponent(catalog.products[pid].sku, n)
            for pid, n in sorted(units.items(), key=lambda item: catalog.products[item[0]].sku)
        )
    )


@dataclass(slots=True)
class BatchCatalog:
    """The batch's catalog as the domain reads it, per channel account."""

    facts: CatalogFacts
    by_sku: dict[str, int] = field(default_factory=dict)  # SKU → product id
    _mappings: dict[int, SkuMappings] = field(default_factory=dict)
    _bundles: dict[str, Bundle] = field(default_factory=dict)
    empty_bundles: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_sku = {p.sku: p.id for p in self.facts.products.values()}
        for product in self.facts.products.values():
            if product.kind == "bundle":
                bundle = _bundle(self.facts, product.id, 1)
                if bundle is None:
                    self.empty_bundles.add(product.sku)
                else:
                    self._bundles[product.sku] = bundle

    def mappings(self, account_id: int) -> SkuMappings:
        found = self._mappings.get(account_id)
        if found is None:
            found = self._mappings[account_id] = self._build(account_id)
        return found

    def _build(self, account_id: int) -> SkuMappings:
        listings: dict[str, Composition] = {}
        for (account, channel_sku), fact in self.facts.listings.items():
            if account != account_id:
                continue
            composition = self._composition(fact)
            if composition is not None:
                listings[channel_sku] = composition
        products = self.facts.products.values()
        return SkuMappings(
            listings=listings,
            bundles=self._bundles,
            skus=frozenset(p.sku for p in products if p.sku not in self.empty_bundles),
            blocked=frozenset(p.sku for p in products if p.blocked),
        )

    def _composition(self, fact: ListingFact) -> Composition | None:
        product = self.facts.products.get(fact.product_id)
        if product is None:
            return None
        if product.kind != "bundle":
            return SingleSku(product.sku, fact.quantity_per)
        return _bundle(self.facts, product.id, fact.quantity_per)

    def listing_locations(self, stored: StoredOrder) -> frozenset[int] | None:
        """Locations every listing line of the order may draw from; None: no limit."""
        allowed: frozenset[int] | None = None
        order = stored.order
        for line in order.lines:
            if line.channel_sku is None:
                continue
            fact = self.facts.listings.get((order.channel_account_id, line.channel_sku))
            if fact is None or not fact.location_ids:
                continue
            ids = frozenset(fact.location_ids)
            allowed = ids if allowed is None else allowed & ids
        return allowed


@dataclass(slots=True)
class BatchStock:
    """Free units per location code and SKU, spent as orders are assigned."""

    locations: Mapping[int, LocationFact]
    free: dict[str, dict[str, int]]
    code_to_id: dict[str, int]

    @classmethod
    def of(
        cls,
        locations: Mapping[int, LocationFact],
        free: Mapping[tuple[int, int], int],
        skus: Mapping[int, str],
    ) -> BatchStock:
        by_code: dict[str, dict[str, int]] = {loc.code: {} for loc in locations.values()}
        for (product_id, location_id), units in free.items():
            location = locations.get(location_id)
            if location is not None and product_id in skus:
                by_code[location.code][skus[product_id]] = units
        return cls(locations, by_code, {loc.code: loc.id for loc in locations.values()})

    def view(self, allowed: frozenset[int] | None) -> Mapping[str, Mapping[str, int]]:
        if allowed is None:
            return self.free
        return {
            code: units for code, units in self.free.items() if self.code_to_id[code] in allowed
        }

    def spend(self, code: str, sku: str, units: int) -> None:
        here = self.free.setdefault(code, {})
        here[sku] = here.get(sku, 0) - units


def leaf_product_ids(catalog: BatchCatalog, skus: Iterable[str]) -> set[int]:
    return {catalog.by_sku[sku] for sku in skus if sku in catalog.by_sku}
