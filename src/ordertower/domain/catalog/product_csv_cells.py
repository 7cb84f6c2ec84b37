"""One row of the product file read into a ProductSpec draft, noting every cell it cannot read."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TypeVar

from ..errors import FieldProblem
from .bundles import BundleComponent
from .measures import Dimensions, LengthUnit, Weight, WeightUnit
from .prep import PrepCategory, PrepProfile, PrepType
from .product import ProductSpec, UnitOfMeasure
from .product_csv_columns import LIST_SEPARATOR, QUANTITY_SEPARATOR, unescape_cell

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}
E = TypeVar("E", bound=StrEnum)


@cache
def _by_lower_value(vocabulary: type[E]) -> dict[str, E]:
    return {member.value.lower(): member for member in vocabulary}


class _RowReader:
    """Reads typed values from a row's cells, noting every cell it cannot read."""

    def __init__(self, cells: Mapping[str, str]) -> None:
        self.cells = cells
        self.problems: list[FieldProblem] = []

    def text(self, column: str) -> str:
        return unescape_cell(self.cells.get(column, "").strip())

    def parts(self, column: str) -> list[str]:
        return [part.strip() for part in self.text(column).split(LIST_SEPARATOR) if part.strip()]

    def decimal(self, column: str) -> Decimal | None:
        text = self.text(column)
        if text and _DECIMAL.fullmatch(text):
            return Decimal(text)
        if text:
            self.problems.append(
                FieldProblem(column, "not_a_number", f"{text!r} is not a number; write e.g. 12.5.")
            )
        return None

    def integer(self, column: str, *, default: int) -> int:
        text = self.text(column)
        if text and not _INTEGER.fullmatch(text):
            message = f"{text!r} is not a whole number; write digits only, e.g. 12."
            self.problems.append(FieldProblem(column, "not_a_whole_number", message))
        return int(text) if _INTEGER.fullmatch(text) else default

    def boolean(self, column: str) -> bool:
        text = self.text(column).lower()
        if text not in _TRUE | _FALSE:
            message = f"{text!r} is not true or false; write true or false, or leave it blank."
            self.problems.append(FieldProblem(column, "not_a_boolean", message))
        return text in _TRUE

    def choice(self, column: str, vocabulary: type[E], *, text: str | None = None) -> E | None:
        text = self.text(column) if text is None else text
        by_name = _by_lower_value(vocabulary)
        if not text or text.lower() in by_name:
            return by_name.get(text.lower())
        allowed = ", ".join(member.value for member in vocabulary)
        self.problems.append(
            FieldProblem(column, "unknown_value", f"{text!r} is not one of: {allowed}.")
        )
        return None

    def measure(self, columns: tuple[str, ...], unit_column: str) -> list[Decimal] | None:
        """The measure columns and their unit: all blank (None) or all filled in."""
        group = (*columns, unit_column)
        blank = [column for column in group if not self.text(column)]
        if len(blank) == len(group):
            return None
        together = f"{', '.join(group[:-1])} and {group[-1]}"
        for column in blank:
            message = f"{column} is blank; fill in {together} together, or leave all blank."
            self.problems.append(FieldProblem(column, "required", message))
        values = [self.decimal(column) for column in columns]
        return None if blank else [value for value in values if value is not None]

    def components(self, column: str) -> tuple[BundleComponent, ...]:
        components = []
        for part in self.parts(column):
            sku, star, quantity = part.rpartition(QUANTITY_SEPARATOR)
            if star and _INTEGER.fullmatch(quantity.strip()):
                components.append(BundleComponent(sku=sku.strip(), quantity=int(quantity)))
            elif not star:
                components.append(BundleComponent(sku=part, quantity=1))
            else:
                message = f"{part!r} is not SKU*QUANTITY; write e.g. SKU-A*2|SKU-B*1."
                self.problems.append(FieldProblem(column, "invalid_bundle_component", message))
        return tuple(components)


def _dimensions(reader: _RowReader) -> Dimensions | None:
    values = reader.measure(("length", "width", "height"), "dimension_unit")
    unit = reader.choice("dimension_unit", LengthUnit)
    if values is None or len(values) != 3 or unit is None:
        return None
    return Dimensions(length=values[0], width=values[1], height=values[2], unit=unit)


def _weight(reader: _RowReader) -> Weight | None:
    values = reader.measure(("weight",), "weight_unit")
    unit = reader.choice("weight_unit", WeightUnit)
    return Weight(value=values[0], unit=unit) if values and unit is not None else None


def _blocked(reader: _RowReader) -> bool:
    known_problems = len(reader.problems)
    blocked = reader.boolean("blocked")
    if len(reader.problems) > known_problems:  # unreadable: no second error about the reason
        return bool(reader.text("blocked_reason"))
    return blocked


def _prep(reader: _RowReader) -> PrepProfile:
    prep_types = [
        reader.choice("prep_types", PrepType, text=part) for part in reader.parts("prep_types")
    ]
    return PrepProfile(
        category=reader.choice("prep_category", PrepCategory),
        prep_types=tuple(prep_type for prep_type in prep_types if prep_type is not None),
        expiration_dated=reader.boolean("expiration_dated"),
        fragile=reader.boolean("fragile"),
        liquid=reader.boolean("liquid"),
        hazmat=reader.boolean("hazmat"),
        notes=reader.text("prep_notes") or None,
    )


def read_row(cells: Mapping[str, str]) -> tuple[ProductSpec, list[FieldProblem]]:
    """A draft spec (not yet validated) and the cells that could not be read (field = column)."""
    reader = _RowReader(cells)
    spec = ProductSpec(
        sku=reader.text("sku"),
        title=reader.text("title"),
        barcodes=tuple(reader.parts("barcodes")),
        asin=reader.text("asin") or None,
        fnsku=reader.text("fnsku") or None,
        dimensions=_dimensions(reader),
        weight=_weight(reader),
        uom=reader.choice("uom", UnitOfMeasure) or UnitOfMeasure.EACH,
        case_pack_qty=reader.integer("case_pack_qty", default=1),
        cost=reader.decimal("cost"),
        currency=reader.text("currency") or None,
        blocked=_blocked(reader),
        blocked_reason=reader.text("blocked_reason") or None,
        bundle_components=reader.components("bundle_components"),
        prep=_prep(reader),
    )
    return spec, reader.problems


def named_skus(cells: Mapping[str, str]) -> list[str]:
    """The SKUs a row names (its own and its components'), read without checking anything else."""
    reader = _RowReader(cells)
    components = reader.components("bundle_components")
    return [sku for sku in (reader.text("sku"), *(c.sku for c in components)) if sku]
