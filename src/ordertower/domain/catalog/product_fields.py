"""Checks for single product fields: each returns the normalised value and what is wrong with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from ..errors import DomainError, FieldProblem
from .barcodes import validate_gtin
from .errors import InvalidBarcode

TITLE_MAX_LENGTH = 255
BLOCKED_REASON_MAX_LENGTH = 500
MAX_CASE_PACK_QTY = 1_000_000
MAX_COST = Decimal(100_000_000)  # exclusive; cost keeps at most 4 decimal places
_CURRENCY = re.compile(r"[A-Z]{3}")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

Checked = tuple[str | None, list[FieldProblem]]


def checked_text(field: str, text: str | None, *, max_length: int, required: bool) -> Checked:
    value = (text or "").strip() or None
    label = field.replace("_", " ").capitalize()
    if value is None:
        problems = [FieldProblem(field, "required", f"{label} is required.")] if required else []
        return None, problems
    if len(value) > max_length:
        message = f"{label} is {len(value)} characters; use at most {max_length}."
        return value, [FieldProblem(field, "too_long", message)]
    if _CONTROL_CHARACTERS.search(value):
        message = f"{label} contains control characters (tabs, line breaks); remove them."
        return value, [FieldProblem(field, "invalid_characters", message)]
    return value, []


def checked_identifier(field: str, text: str | None, *, validate: Callable[[str], str]) -> Checked:
    """An optional identifier (ASIN, FNSKU): blank means none."""
    if text is None or not text.strip():
        return None, []
    try:
        return validate(text), []
    except DomainError as error:
        return text.strip(), [FieldProblem(field, error.code, error.message)]


def checked_barcodes(codes: Sequence[str]) -> tuple[tuple[str, ...], list[FieldProblem]]:
    normalised: list[str] = []
    problems: list[FieldProblem] = []
    first_index_by_gtin14: dict[str, int] = {}
    for index, code in enumerate(codes):
        field = f"barcodes[{index}]"
        try:
            barcode = validate_gtin(code)
        except InvalidBarcode as error:
            normalised.append(code.strip())
            problems.append(FieldProblem(field, error.code, error.message))
            continue
        normalised.append(barcode.code)
        first = first_index_by_gtin14.setdefault(barcode.gtin14, index)
        if first != index:
            message = f"Barcode {code.strip()} is the same GTIN as barcodes[{first}]; list it once."
            problems.append(FieldProblem(field, "duplicate_barcode", message))
    return tuple(normalised), problems


def case_pack_problems(quantity: int) -> list[FieldProblem]:
    if not isinstance(quantity, bool) and 1 <= quantity <= MAX_CASE_PACK_QTY:
        return []
    message = (
        f"Case-pack quantity must be a whole number from 1 to {MAX_CASE_PACK_QTY:,}, "
        f"got {quantity}."
    )
    return [FieldProblem("case_pack_qty", "not_positive", message)]


def _cost_problems(cost: Decimal) -> list[FieldProblem]:
    if cost.is_finite() and cost < 0:
        message = f"Cost must be a number ≥ 0, got {cost}."
        return [FieldProblem("cost", "negative_cost", message)]
    exponent = cost.as_tuple().exponent
    if not cost.is_finite() or cost >= MAX_COST or (isinstance(exponent, int) and exponent < -4):
        message = (
            f"Cost {cost} is not a usable amount; give at most 4 decimal places and less "
            f"than {MAX_COST:,}."
        )
        return [FieldProblem("cost", "invalid_cost", message)]
    return []


def checked_cost(cost: Decimal | None, currency: str | None) -> Checked:
    """Cost ≥ 0 in an ISO 4217 currency (3 letters); a cost needs its currency."""
    code = (currency or "").strip().upper() or None
    problems: list[FieldProblem] = []
    if cost is not None:
        problems += _cost_problems(cost)
    if code is not None and not _CURRENCY.fullmatch(code):
        message = f"Currency {code!r} is not an ISO 4217 code; use 3 letters such as USD or EUR."
        problems.append(FieldProblem("currency", "invalid_currency", message))
    if cost is not None and code is None:
        message = "A cost needs its currency; give the ISO 4217 code (e.g. USD)."
        problems.append(FieldProblem("currency", "required", message))
    return code, problems


def checked_block(blocked: bool, reason: str | None) -> Checked:
    """A blocked SKU must say why; an unblocked SKU carries no reason."""
    value, problems = checked_text(
        "blocked_reason", reason, max_length=BLOCKED_REASON_MAX_LENGTH, required=False
    )
    if blocked and value is None:
        message = "A blocked SKU needs a reason; say why it must not be sold or shipped."
        problems.append(FieldProblem("blocked_reason", "blocked_reason_required", message))
    if not blocked and value is not None:
        message = "A reason is given but the SKU is not blocked; block it or clear the reason."
        problems.append(FieldProblem("blocked_reason", "blocked_reason_without_block", message))
    return value, problems
