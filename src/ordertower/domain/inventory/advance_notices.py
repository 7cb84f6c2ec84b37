"""Advance shipping notices (ASN): what a merchant says is on its way, packed in what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from .errors import InvalidReceipt
from .ids import MerchantId, Sku


class PackageKind(StrEnum):
    CONTAINER = "container"  # a shipping container: holds pallets, cartons or loose cartons
    PALLET = "pallet"  # a pallet of cartons or of loose units
    CARTON = "carton"  # a case or carton of units
    PARCEL = "parcel"  # a small-parcel delivery


@dataclass(frozen=True, slots=True)
class InboundPackage:
    package_id: str
    kind: PackageKind
    parent_id: str | None = None  # the container or pallet it travels in


@dataclass(frozen=True, slots=True)
class ExpectedLine:
    sku: Sku
    quantity: int
    package_id: str | None = None  # the package it is packed in, when the notice says


@dataclass(frozen=True, slots=True, kw_only=True)
class AdvanceNotice:
    """An advance shipping notice (ASN). List outer packages before the packages they contain."""

    notice_id: str
    merchant_id: MerchantId
    expected_on: dt.date | None
    lines: tuple[ExpectedLine, ...]
    packages: tuple[InboundPackage, ...] = ()

    def __post_init__(self) -> None:
        declared: set[str] = set()
        for index, package in enumerate(self.packages):
            field = f"packages[{index}]"
            if package.package_id in declared:
                _refuse(f"{field}.package_id", f"package {package.package_id} is listed twice.")
            if package.parent_id is not None and package.parent_id not in declared:
                _refuse(
                    f"{field}.parent_id",
                    f"parent {package.parent_id} must be listed before {package.package_id}.",
                )
            declared.add(package.package_id)
        packed: set[tuple[str | None, Sku]] = set()
        for index, line in enumerate(self.lines):
            field = f"lines[{index}]"
            check_units(line.quantity, f"{field}.quantity")
            if line.package_id is not None and line.package_id not in declared:
                _refuse(f"{field}.package_id", f"package {line.package_id} is not on the notice.")
            if (line.package_id, line.sku) in packed:
                _refuse(f"{field}.sku", f"{line.sku} is listed twice in the same package.")
            packed.add((line.package_id, line.sku))

    def expected_by_sku(self) -> dict[Sku, int]:
        """Units expected per SKU over all packages, in the order the notice lists them."""
        expected: dict[Sku, int] = {}
        for line in self.lines:
            expected[line.sku] = expected.get(line.sku, 0) + line.quantity
        return expected


def check_units(quantity: int, field: str) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        _refuse(field, f"{field} must be a whole number of at least 1, got {quantity!r}.")


def _refuse(field: str, message: str) -> NoReturn:
    raise InvalidReceipt(message, field=field)
