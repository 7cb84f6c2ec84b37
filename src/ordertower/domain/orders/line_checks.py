"""The checks on an incoming order's lines: each line on its own, then the lines together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ordertower.domain.catalog.sku import SKU_MAX_LENGTH
from ordertower.domain.channels import CHANNEL_SKU_MAX_LENGTH
from ordertower.domain.errors import FieldProblem

from .currencies import is_currency
from .model import OrderLine

MAX_LINES = 5_000
MAX_LINE_QUANTITY = 1_000_000
MAX_UNIT_PRICE = Decimal(1_000_000_000)
LINE_ID_MAX_LENGTH = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class LineDraft:
    """A line as a connector, the API or a CSV row gave it, before any check."""

    line_id: str | None = None
    channel_sku: str | None = None
    sku: str | None = None
    quantity: int = 0
    unit_price: Decimal | None = None
    currency: str | None = None


def _text(value: str | None) -> str:
    return value.strip() if isinstance(value, str) else ""


def tidy_line(line: LineDraft) -> OrderLine:
    """The line with trimmed texts and an upper-case currency (check it with `line_problems`)."""
    return OrderLine(
        line_id=_text(line.line_id),
        channel_sku=_text(line.channel_sku) or None,
        sku=_text(line.sku) or None,
        quantity=line.quantity,
        unit_price=line.unit_price if line.unit_price is not None else Decimal(0),
        currency=_text(line.currency).upper(),
    )


def lines_problems(lines: Sequence[LineDraft]) -> list[FieldProblem]:
    """Every problem of every line, then ids given twice and currencies that differ."""
    if not lines:
        return [FieldProblem("lines", "required", "An order needs at least one line.")]
    if len(lines) > MAX_LINES:
        message = f"The order has {len(lines)} lines; split it into orders of {MAX_LINES} or fewer."
        return [FieldProblem("lines", "too_many", message)]
    problems = [p for i, line in enumerate(lines) for p in line_problems(f"lines[{i}]", line)]
    first_at: dict[str, int] = {}
    order_currency = None
    for index, line in enumerate(lines):
        line_id, currency = _text(line.line_id), _text(line.currency).upper()
        if line_id and line_id in first_at:
            message = (
                f"Line id {line_id[:40]!r} is also the id of lines[{first_at[line_id]}]; "
                "each line needs its own id."
            )
            problems.append(FieldProblem(f"lines[{index}].line_id", "duplicate_line_id", message))
        first_at.setdefault(line_id, index)
        if not is_currency(currency):
            continue
        order_currency = order_currency or currency
        if currency != order_currency:
            message = f"The order is in {order_currency}; every line must be in the same currency."
            problems.append(FieldProblem(f"lines[{index}].currency", "mixed_currency", message))
    return problems


def line_problems(at: str, line: LineDraft) -> list[FieldProblem]:
    """What is wrong with one line; fields are dotted under `at` (`lines[2].quantity`)."""
    return [
        *_identity_problems(at, line),
        *_quantity_problems(at, line.quantity),
        *_price_problems(at, line.unit_price),
        *_currency_problems(at, line.currency),
    ]


def _identity_problems(at: str, line: LineDraft) -> list[FieldProblem]:
    problems = []
    line_id, channel_sku, sku = _text(line.line_id), _text(line.channel_sku), _text(line.sku)
    if not line_id:
        message = "Give the channel's line id (or the line number for CSV orders)."
        problems.append(FieldProblem(f"{at}.line_id", "required", message))
    elif len(line_id) > LINE_ID_MAX_LENGTH:
        message = f"Use at most {LINE_ID_MAX_LENGTH} characters for a line id."
        problems.append(FieldProblem(f"{at}.line_id", "too_long", message))
    if channel_sku and sku:
        message = "Give the listing's channel SKU or the merchant SKU, not both."
        problems.append(FieldProblem(f"{at}.sku", "listing_and_sku", message))
    elif not channel_sku and not sku:
        message = "Give the listing's channel SKU or the merchant SKU of what was ordered."
        problems.append(FieldProblem(at, "listing_or_sku_required", message))
    if len(channel_sku) > CHANNEL_SKU_MAX_LENGTH:
        message = f"Use at most {CHANNEL_SKU_MAX_LENGTH} characters for a channel SKU."
        problems.append(FieldProblem(f"{at}.channel_sku", "too_long", message))
    if len(sku) > SKU_MAX_LENGTH:
        message = f"Use at most {SKU_MAX_LENGTH} characters for a SKU."
        problems.append(FieldProblem(f"{at}.sku", "too_long", message))
    return problems


def _quantity_problems(at: str, quantity: object) -> list[FieldProblem]:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        message = f"Give the quantity as a whole number, not {quantity!r:.20}."
        return [FieldProblem(f"{at}.quantity", "invalid_quantity", message)]
    if quantity < 1:
        message = f"The quantity is {quantity}; order lines need at least 1 unit."
        return [FieldProblem(f"{at}.quantity", "quantity_not_positive", message)]
    if quantity > MAX_LINE_QUANTITY:
        message = f"The quantity is {quantity:,}; a line holds at most {MAX_LINE_QUANTITY:,} units."
        return [FieldProblem(f"{at}.quantity", "quantity_too_large", message)]
    return []


def _price_problems(at: str, price: object) -> list[FieldProblem]:
    field = f"{at}.unit_price"
    if price is None:
        return [FieldProblem(field, "required", "Give the unit price (0 for a free line).")]
    if not isinstance(price, Decimal) or not price.is_finite():
        message = "Give the unit price as a decimal number such as 19.99."
        return [FieldProblem(field, "invalid_price", message)]
    if price < 0:
        return [FieldProblem(field, "negative_price", f"The unit price is {price}; use 0 or more.")]
    if price > MAX_UNIT_PRICE:
        message = f"The unit price is {price}; it must not exceed {MAX_UNIT_PRICE:,}."
        return [FieldProblem(field, "price_too_large", message)]
    return []


def _currency_problems(at: str, currency: str | None) -> list[FieldProblem]:
    code = _text(currency).upper()
    if not code:
        message = "Give the line's currency as an ISO 4217 code such as USD."
        return [FieldProblem(f"{at}.currency", "required", message)]
    if not is_currency(code):
        message = f"{code[:10]!r} is not a currency we know; use an ISO 4217 code such as USD."
        return [FieldProblem(f"{at}.currency", "unknown_currency", message)]
    return []
