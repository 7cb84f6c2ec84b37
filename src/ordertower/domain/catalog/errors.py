"""The product master's refusals, each a DomainError with a stable code.

InvalidInput
├── InvalidSku             invalid_sku           SKU breaks the charset/length rule
├── InvalidBarcode         invalid_barcode       not UPC-A/EAN-13/EAN-8/GTIN-14, or bad check digit
├── InvalidAsin            invalid_asin          not an ASIN (B0... or an ISBN-10)
├── InvalidFnsku           invalid_fnsku         not an FNSKU (1 to 10 uppercase letters/digits)
├── BundleCycle            bundle_cycle          bundle components lead back to a bundle
├── SkuImmutable           sku_immutable         an update tries to change a product's SKU
├── ProductFileInvalid     product_file_invalid  a product CSV file has errors (by row and column)
└── FieldsInvalid
    ├── ProductInvalid     product_invalid       a submitted product has problems
    ├── BundleInvalid      bundle_invalid        bad component SKUs, quantities or repeats
    └── PrepProfileInvalid prep_profile_invalid  a prep profile breaks Amazon's prep rules
Conflict
├── SkuTaken               sku_taken             another product of the merchant has the SKU
├── BarcodeTaken           barcode_taken         another product of the merchant has the barcode
├── FnskuTaken             fnsku_taken           another product of the merchant has the FNSKU
├── ProductInUse           product_in_use        a product to delete is still referenced
└── IllegalTransition
    └── ProductNotBlocked  product_not_blocked   unblocking a product that is not blocked
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import Conflict, FieldProblem, FieldsInvalid, IllegalTransition, InvalidInput

if TYPE_CHECKING:
    from .product_csv_checks import RowError


class InvalidSku(InvalidInput):
    code = "invalid_sku"


class InvalidBarcode(InvalidInput):
    code = "invalid_barcode"

    def __init__(self, message: str, *, expected_check_digit: int | None = None) -> None:
        super().__init__(message, field="barcode")
        self.expected_check_digit = expected_check_digit


class InvalidAsin(InvalidInput):
    code = "invalid_asin"


class InvalidFnsku(InvalidInput):
    code = "invalid_fnsku"


_CYCLE_SHOWN = 12  # SKUs of a cycle path named in the message


class BundleCycle(InvalidInput):
    code = "bundle_cycle"

    def __init__(self, path: Sequence[str]) -> None:
        self.path = tuple(path)
        shown = " → ".join(self.path)
        if len(self.path) > _CYCLE_SHOWN:  # the whole path stays in `path`
            half = _CYCLE_SHOWN // 2
            hidden = len(self.path) - 2 * half
            head, tail = " → ".join(self.path[:half]), " → ".join(self.path[-half:])
            shown = f"{head} → …{hidden} more… → {tail}"
        super().__init__(
            f"Bundle components form a cycle: {shown}. A bundle cannot contain itself, directly "
            "or through another bundle; remove one of these components.",
            field="bundle_components",
        )


def _summary(what: str, problems: Sequence[FieldProblem]) -> str:
    listed = "; ".join(f"{problem.field}: {problem.message}" for problem in problems)
    return f"{what} has {len(problems)} problem(s): {listed}"


class ProductInvalid(FieldsInvalid):
    code = "product_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The product", problems), problems)


class BundleInvalid(FieldsInvalid):
    code = "bundle_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The bundle", problems), problems)


class PrepProfileInvalid(FieldsInvalid):
    code = "prep_profile_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The prep profile", problems), problems)


class SkuImmutable(InvalidInput):
    code = "sku_immutable"

    def __init__(self, *, current: str, given: str) -> None:
        super().__init__(
            f"The SKU of a product cannot change once created (it is {current}, not {given}); "
            f"create a product with SKU {given} and block or delete {current}.",
            field="sku",
        )


class ProductFileInvalid(InvalidInput):
    """A product file with errors; `errors` lists each by row and column. Nothing was imported."""

    code = "product_file_invalid"

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        rows = len({error.row for error in self.errors})
        super().__init__(
            f"The product file has {len(self.errors)} error(s) in {rows} row(s); nothing was "
            "imported. Fix every row listed and upload the whole file again.",
            field="file",
        )


class SkuTaken(Conflict):
    code = "sku_taken"


class BarcodeTaken(Conflict):
    code = "barcode_taken"


class FnskuTaken(Conflict):
    code = "fnsku_taken"


class ProductInUse(Conflict):
    code = "product_in_use"


class ProductNotBlocked(IllegalTransition):
    code = "product_not_blocked"
