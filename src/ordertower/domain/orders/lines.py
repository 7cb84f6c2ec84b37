"""From order lines to stock: the SKU units each line draws, or why the line cannot be allocated.

A line names a listing (channel SKU) or a merchant SKU. A listing resolves through its mapping
(one SKU × quantity-per, or a bundle's components flattened); a SKU line orders the SKU itself,
or a kit's components when the SKU is a bundle. A line resolves only when every SKU it draws
exists in the catalog and none is blocked; otherwise it carries its problems and draws nothing,
and the order parks in the exception queue. Everything here is plain lookups on the tables given.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ordertower.domain.inventory import Bundle, Composition, SingleSku, Sku, units_drawn

from .exceptions import OrderExceptionReason
from .model import OrderLine


@dataclass(frozen=True, slots=True, kw_only=True)
class SkuMappings:
    """What a merchant's catalog and one channel account's listings say, as plain tables.

    `listings`: channel SKU → what one listed unit is made of (only the account's mapped
    listings). `bundles`: kit SKU → its components, for lines that order a kit by SKU.
    `skus`: every SKU in the catalog. `blocked`: SKUs that must not be sold or shipped.
    """

    listings: Mapping[str, Composition] = field(default_factory=dict)
    bundles: Mapping[Sku, Bundle] = field(default_factory=dict)
    skus: Collection[Sku] = frozenset()
    blocked: Collection[Sku] = frozenset()


@dataclass(frozen=True, slots=True)
class LineProblem:
    """Why one line cannot be allocated, as the exception queue shows it."""

    reason: OrderExceptionReason
    line_id: str
    message: str
    sku: Sku | None = None


@dataclass(frozen=True, slots=True)
class ResolvedLine:
    """The SKU units a line draws (empty when it has problems), and its problems."""

    line_id: str
    units: tuple[tuple[Sku, int], ...]
    problems: tuple[LineProblem, ...] = ()

    @property
    def resolved(self) -> bool:
        return not self.problems


def resolve_line(line: OrderLine, mappings: SkuMappings) -> ResolvedLine:
    """The units `line` draws, or the problems that keep it from being allocated."""
    composition, problem = _composition(line, mappings)
    if composition is None:
        return ResolvedLine(line.line_id, (), (problem,) if problem else ())
    problems = tuple(_sku_problems(line, composition, mappings))
    if problems:
        return ResolvedLine(line.line_id, (), problems)
    return ResolvedLine(line.line_id, units_drawn(composition, line.quantity))


def resolve_lines(lines: Iterable[OrderLine], mappings: SkuMappings) -> tuple[ResolvedLine, ...]:
    return tuple(resolve_line(line, mappings) for line in lines)


def units_to_allocate(resolved: Iterable[ResolvedLine]) -> dict[Sku, int]:
    """The order's demand per SKU (lines drawing the same SKU add up), sorted by SKU."""
    total: dict[Sku, int] = {}
    for line in resolved:
        for sku, quantity in line.units:
            total[sku] = total.get(sku, 0) + quantity
    return dict(sorted(total.items()))


def _composition(
    line: OrderLine, mappings: SkuMappings
) -> tuple[Composition | None, LineProblem | None]:
    if line.channel_sku is not None:
        listing = mappings.listings.get(line.channel_sku)
        if listing is None:
            message = (
                f"Listing {line.channel_sku!r} is not mapped to a SKU; map it to a SKU "
                "(with its quantity per listed unit) or a bundle, then retry."
            )
            return None, LineProblem(OrderExceptionReason.UNMAPPED_LISTING, line.line_id, message)
        return listing, None
    sku = line.sku or ""
    if sku in mappings.bundles:
        return mappings.bundles[sku], None
    if sku in mappings.skus:
        return SingleSku(sku), None
    message = f"SKU {sku!r} is not in the catalog; correct the line's SKU or add the product."
    return None, LineProblem(OrderExceptionReason.UNMAPPED_LISTING, line.line_id, message, sku)


def _sku_problems(
    line: OrderLine, composition: Composition, mappings: SkuMappings
) -> Iterable[LineProblem]:
    kit = line.sku if line.sku in mappings.bundles else None
    if kit is not None and kit in mappings.blocked:
        yield _blocked(line, kit)
    for sku, _quantity in units_drawn(composition, 1):
        if sku not in mappings.skus:
            yield _missing(line, composition, sku)
        elif sku in mappings.blocked:
            yield _blocked(line, sku)


def _blocked(line: OrderLine, sku: Sku) -> LineProblem:
    message = (
        f"SKU {sku} is blocked and must not ship; unblock it in the catalog, map the line to "
        "another SKU, or split the line off."
    )
    return LineProblem(OrderExceptionReason.BLOCKED_SKU, line.line_id, message, sku)


def _missing(line: OrderLine, composition: Composition, sku: Sku) -> LineProblem:
    if isinstance(composition, Bundle):
        message = (
            f"The bundle this line orders has component {sku}, which is not in the catalog; "
            "fix the bundle's components or map the line to another SKU, then retry."
        )
        return LineProblem(OrderExceptionReason.UNUSUAL_BUNDLE, line.line_id, message, sku)
    message = (
        f"The line's listing is mapped to SKU {sku}, which is not in the catalog; map the "
        "listing to an existing SKU, then retry."
    )
    return LineProblem(OrderExceptionReason.UNMAPPED_LISTING, line.line_id, message, sku)
