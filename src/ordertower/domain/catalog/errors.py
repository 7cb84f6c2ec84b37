"""The product master's refusals, each a DomainError with a stable code.

InvalidInput
├── InvalidSku           a SKU breaks the charset/length rule                       invalid_sku
├── InvalidBarcode       not a UPC-A/EAN-13/EAN-8/GTIN-14, or a wrong check digit     invalid_barcode
├── InvalidAsin          not an Amazon ASIN (B0… or an ISBN-10)                       invalid_asin
├── InvalidFnsku         not an Amazon FNSKU (1–10 uppercase letters/digits)           invalid_fnsku
├── BundleCycle          bundle components lead back to a bundle                      bundle_cycle
└── FieldsInvalid
    ├── ProductInvalid       a submitted product has one or more problems            product_invalid
    ├── BundleInvalid        bundle components have bad quantities or repeats        bundle_invalid
    └── PrepProfileInvalid   a prep profile breaks Amazon's prep rules               prep_profile_invalid
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import FieldProblem, FieldsInvalid, InvalidInput


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


class BundleCycle(InvalidInput):
    code = "bundle_cycle"

    def __init__(self, path: Sequence[str]) -> None:
        self.path = tuple(path)
        shown = " → ".join(self.path)
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
