"""How a channel listing draws on stock: what one listed unit is made of, and its channel rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn, TypeAlias

from ordertower.domain.catalog import BundleComponent

from .errors import InvalidComposition, InvalidListingStockRule
from .ids import LocationId, Sku


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class SingleSku:
    """One listed unit is `quantity_per` units of one SKU (a 6-pack listing of a single can: 6)."""

    sku: Sku
    quantity_per: int = 1

    def __post_init__(self) -> None:
        if not _is_count(self.quantity_per) or self.quantity_per < 1:
            raise InvalidComposition(
                f"quantity_per must be a whole number of at least 1, got {self.quantity_per!r}.",
                field="quantity_per",
            )


@dataclass(frozen=True, slots=True)
class Bundle:
    """One listed unit is a kit: `quantity` units of each component SKU (the catalog's components)."""

    components: tuple[BundleComponent, ...]

    def __post_init__(self) -> None:
        if not self.components:
            raise InvalidComposition("A bundle needs at least one component.", field="components")
        seen: set[Sku] = set()
        for index, component in enumerate(self.components):
            field = f"components[{index}]"
            if not _is_count(component.quantity) or component.quantity < 1:
                raise InvalidComposition(
                    f"{field}: quantity must be a whole number of at least 1.",
                    field=f"{field}.quantity",
                )
            if component.sku in seen:
                raise InvalidComposition(
                    f"{field}: {component.sku} is listed twice; list it once with its total.",
                    field=f"{field}.sku",
                )
            seen.add(component.sku)


Composition: TypeAlias = SingleSku | Bundle


def units_drawn(composition: Composition, listed_units: int) -> tuple[tuple[Sku, int], ...]:
    """The SKU units that `listed_units` units of the listing take (what an order allocates)."""
    if isinstance(composition, SingleSku):
        return ((composition.sku, composition.quantity_per * listed_units),)
    return tuple((c.sku, c.quantity * listed_units) for c in composition.components)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingStockRule:
    """The channel rules for one listing; `compute_listing_ats` documents how they combine.

    `safety_buffer` is held back before anything is shown: in SKU units for a single-SKU listing
    (before dividing by quantity-per) and in whole bundles for a bundle listing (its components have
    no common unit). `percent_cap` shows at most that percentage (0-100) of what remains.
    `maximum_shown` never shows more than that. `minimum_to_list` shows 0 when fewer would be shown
    (it never raises a quantity: showing stock we do not have would oversell).
    """

    listing_id: str
    locations: tuple[LocationId, ...]
    safety_buffer: int = 0
    percent_cap: int | None = None
    maximum_shown: int | None = None
    minimum_to_list: int = 0

    def __post_init__(self) -> None:
        if len(set(self.locations)) != len(self.locations):
            _refuse("locations", "locations must not repeat a location.")
        for field in ("safety_buffer", "minimum_to_list"):
            if not _is_count(getattr(self, field)) or getattr(self, field) < 0:
                _refuse(field, f"{field} must be a whole number of at least 0.")
        cap = self.percent_cap
        if cap is not None and (not _is_count(cap) or not 0 <= cap <= 100):
            _refuse("percent_cap", "percent_cap must be a whole percentage from 0 to 100.")
        maximum = self.maximum_shown
        if maximum is not None and (not _is_count(maximum) or maximum < 0):
            _refuse("maximum_shown", "maximum_shown must be a whole number of at least 0.")
        if maximum is not None and self.minimum_to_list > maximum:
            _refuse("minimum_to_list", "minimum_to_list must not exceed maximum_shown.")


def _refuse(field: str, message: str) -> NoReturn:
    raise InvalidListingStockRule(message, field=field)
