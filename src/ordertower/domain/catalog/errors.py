"""The product master's refusals, each a DomainError with a stable code.

InvalidInput
├── InvalidSku             invalid_sku           SKU breaks the charset/length rule
├── InvalidBarcode         invalid_barcode       not UPC-A/EAN-13/EAN-8/GTIN-14, or bad check digit
├── InvalidAsin            invalid_asin          not an ASIN (B0... or an ISBN-10)
├── InvalidFnsku           invalid_fnsku         not an FNSKU (1 to 10 uppercase letters/digits)
├── BundleCycle            bundle_cycle          bundle components lead back to a bundle
└── FieldsInvalid
    ├── ProductInvalid     product_invalid       a submitted product has problems
    ├── BundleInvalid      bundle_invalid        bad component SKUs, quantities or repeats
    └── PrepProfileInvalid prep_profile_invalid  a prep profile breaks Amazon's prep rules
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
