"""Checks across the rows of a product file: repeated SKUs/barcodes, unknown components, cycles."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .barcodes import validate_gtin
from .bundles import BundleComponent, BundleGraph, iter_bundle_cycles
from .errors import BundleCycle, InvalidBarcode
from .product import ProductSpec


@dataclass(frozen=True, slots=True)
class RowError:
    """One thing wrong in a CSV file. `row` counts the header as row 1, so data starts at 2."""

    row: int
    column: str
    code: str
    message: str


DraftRow = tuple[int, ProductSpec]  # (row number, spec as read, maybe invalid)


def _sku(spec: ProductSpec) -> Iterator[tuple[str, str]]:
    if spec.sku:
        yield spec.sku, spec.sku


def _fnsku(spec: ProductSpec) -> Iterator[tuple[str, str]]:
    fnsku = (spec.fnsku or "").strip().upper()
    if fnsku:
        yield fnsku, fnsku


def _gtin14s(spec: ProductSpec) -> Iterator[tuple[str, str]]:
    for code in dict.fromkeys(spec.barcodes):
        try:
            yield code, validate_gtin(code).gtin14
        except InvalidBarcode:
            continue  # the row's own check reports it


def _repeats(
    rows: Sequence[DraftRow], keys: Callable[[ProductSpec], Iterator[tuple[str, str]]]
) -> Iterator[tuple[int, str, str]]:
    """(row, value, "row N (SKU S)") for each (value, key) whose key an earlier row has."""
    owners: dict[str, tuple[int, str]] = {}
    for row, spec in rows:
        for value, key in keys(spec):
            owner_row, owner_sku = owners.setdefault(key, (row, spec.sku))
            if owner_row != row:
                yield row, value, f"row {owner_row} (SKU {owner_sku})"


def duplicate_errors(rows: Sequence[DraftRow]) -> list[RowError]:
    """A SKU, FNSKU or barcode (as GTIN-14) on more than one row: later rows are refused."""
    return [
        *(
            RowError(row, "sku", "duplicate_sku", f"SKU {sku} is also on {first}; list it once.")
            for row, sku, first in _repeats(rows, _sku)
        ),
        *(
            RowError(
                row,
                "fnsku",
                "duplicate_fnsku",
                f"FNSKU {fnsku} is also on {first}; it labels one SKU.",
            )
            for row, fnsku, first in _repeats(rows, _fnsku)
        ),
        *(
            RowError(
                row,
                "barcodes",
                "duplicate_barcode",
                f"Barcode {code} is also on {first}; a barcode identifies one SKU.",
            )
            for row, code, first in _repeats(rows, _gtin14s)
        ),
    ]


def unknown_component_errors(
    rows: Sequence[DraftRow], known_skus: Collection[str]
) -> list[RowError]:
    """Components must be SKUs of this file or of the catalog (`known_skus`)."""
    in_file = {spec.sku for _, spec in rows}
    return [
        RowError(
            row,
            "bundle_components",
            "unknown_component_sku",
            f"Component {component.sku} is neither in this file nor in the catalog; "
            "add that SKU first or correct the component.",
        )
        for row, spec in rows
        for component in spec.bundle_components
        if component.sku and component.sku not in in_file and component.sku not in known_skus
    ]


def _rotated(cycle: Sequence[str], start: str) -> tuple[str, ...]:
    """The cycle `X → … → X` redrawn to start (and end) at `start`."""
    skus = list(cycle[:-1])
    at = skus.index(start)
    return (*skus[at:], *skus[:at], start)


def cycle_errors(
    rows: Sequence[DraftRow], existing: Mapping[str, Sequence[BundleComponent]]
) -> list[RowError]:
    """Each cycle in the file's bundles (laid over the existing ones) once, on its first row."""
    graph: dict[str, Sequence[BundleComponent]] = dict(existing)
    first_row: dict[str, int] = {}
    for row, spec in rows:
        if spec.sku and spec.sku not in first_row:
            first_row[spec.sku] = row
            graph[spec.sku] = spec.bundle_components
    errors: list[RowError] = []
    seen: set[frozenset[str]] = set()
    bundles = [spec.sku for _, spec in rows if spec.sku and spec.bundle_components]
    for path in iter_bundle_cycles(graph, bundles):
        cycle = path[path.index(path[-1]) :]
        if frozenset(cycle) in seen:
            continue
        seen.add(frozenset(cycle))
        in_file = [sku for sku in dict.fromkeys(cycle) if sku in first_row]
        if in_file:  # else the cycle lies in the existing bundles, reached from path[0]
            start = min(in_file, key=first_row.__getitem__)
            path = _rotated(cycle, start)
        error = BundleCycle(path)
        errors.append(RowError(first_row[path[0]], "bundle_components", error.code, error.message))
    return errors


def file_errors(
    rows: Sequence[DraftRow], *, known_skus: Collection[str], existing_bundles: BundleGraph
) -> list[RowError]:
    return [
        *duplicate_errors(rows),
        *unknown_component_errors(rows, {*known_skus, *existing_bundles}),
        *cycle_errors(rows, existing_bundles),
    ]
