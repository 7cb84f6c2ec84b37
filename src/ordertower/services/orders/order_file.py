"""The order CSV file: one row per line, rows of one order grouped by external_order_id.

The order's own columns (dates, service, ship-to, customer, flags, tags, cancelled) are read from
the first row of its group. The file is checked whole, like the product file: every error is
reported by row (the header is row 1) and column, and nothing is taken unless none is found. A
valid file is captured in batches like any other orders (payloads stored first, replays and
updates recognised by key), so uploading the same file again changes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ordertower.domain.catalog.product_csv_checks import RowError
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem, InvalidInput
from ordertower.domain.orders import (
    Address,
    CustomerContact,
    LineDraft,
    OrderDraft,
    OrderInvalid,
    validate_order,
)
from ordertower.domain.tenancy import Permission, Principal

from .capture import MAX_BATCH, CaptureResult, capture_orders
from .flow_uow import OrderFlowUnitOfWork
from .records import IncomingOrder, PayloadSource

MAX_ROWS = 50_000
ORDER_COLUMNS = (
    "external_order_id",
    "channel_order_number",
    "placed_at",
    "channel_updated_at",
    "ship_by",
    "deliver_by",
    "service_level",
    "service_label",
    "ship_to_name",
    "ship_to_company",
    "ship_to_line1",
    "ship_to_line2",
    "ship_to_line3",
    "ship_to_city",
    "ship_to_region",
    "ship_to_postal_code",
    "ship_to_country",
    "ship_to_phone",
    "ship_to_residential",
    "customer_name",
    "customer_email",
    "customer_phone",
    "flags",
    "tags",
    "cancelled",
)
LINE_COLUMNS = ("line_id", "channel_sku", "sku", "quantity", "unit_price", "currency")
COLUMNS = ORDER_COLUMNS + LINE_COLUMNS
REQUIRED = ("external_order_id", "placed_at", "quantity", "unit_price", "currency")
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


class OrderFileInvalid(InvalidInput):
    """An order file with errors, each by row and column. Nothing of it was taken."""

    code = "order_file_invalid"

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        rows = len({e.row for e in self.errors})
        super().__init__(
            f"The order file has {len(self.errors)} error(s) in {rows} row(s); nothing was "
            "taken. Fix every row listed and upload the whole file again.",
            field="file",
        )


@dataclass(frozen=True, slots=True)
class _Group:
    """One order's rows: (row number, cells) in file order."""

    rows: list[tuple[int, dict[str, str]]]


@dataclass(slots=True)
class _Cells:
    row: int
    cells: dict[str, str]
    errors: list[RowError]

    def text(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def _read(self, column: str, read: Callable[[str], Any], what: str) -> Any:
        value = self.text(column)
        if not value:
            return None
        try:
            return read(value)
        except (ValueError, InvalidOperation):
            self.errors.append(RowError(self.row, column, "invalid_value", f"Give {what}."))
            return None

    def time(self, column: str) -> dt.datetime | None:
        result: dt.datetime | None = self._read(
            column,
            dt.datetime.fromisoformat,
            "an ISO 8601 time with a zone, e.g. 2026-01-05T12:00Z",
        )
        return result

    def number(self, column: str) -> int | None:
        result: int | None = self._read(column, int, "a whole number")
        return result

    def amount(self, column: str) -> Decimal | None:
        result: Decimal | None = self._read(column, Decimal, "a decimal number such as 19.99")
        return result

    def flag(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if not value:
            return None
        if value in _TRUE | _FALSE:
            return value in _TRUE
        self.errors.append(RowError(self.row, column, "invalid_value", "Write true or false."))
        return None

    def listed(self, column: str) -> list[str]:
        return [part.strip() for part in self.text(column).split(";") if part.strip()]


def parse_order_file(
    text: str, merchant_id: int, account_id: int
) -> tuple[list[IncomingOrder], list[RowError]]:
    """Every order of the file (as capture takes them) and every error found, by row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    errors = _header_errors(header)
    if errors:
        return [], errors
    reader.fieldnames = header
    groups: dict[str, _Group] = {}
    for number, cells in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(number, "", "too_many_rows", f"Use at most {MAX_ROWS} rows."))
            break
        if None in cells:
            message = "The row has more cells than the header has columns."
            errors.append(RowError(number, "", "extra_cells", message))
        key = (cells.get("external_order_id") or "").strip()
        if not key:
            message = "Give the channel's order id: rows of one order share it."
            errors.append(RowError(number, "external_order_id", "required", message))
            continue
        groups.setdefault(key, _Group([])).rows.append((number, cells))
    orders = []
    for group in groups.values():
        incoming, found = _order(group, merchant_id, account_id)
        orders.append(incoming)
        errors += found
    return orders, sorted(errors, key=lambda e: (e.row, e.column))


def _header_errors(header: list[str]) -> list[RowError]:
    errors = [
        RowError(1, name, "unknown_column", f"Unknown column; use: {', '.join(COLUMNS)}.")
        for name in header
        if name not in COLUMNS
    ]
    errors += [
        RowError(1, name, "missing_column", "The file needs this column.")
        for name in REQUIRED
        if name not in header
    ]
    if "sku" not in header and "channel_sku" not in header:
        errors.append(RowError(1, "sku", "missing_column", "Give a sku or channel_sku column."))
    if len(set(header)) != len(header):
        errors.append(RowError(1, "", "duplicate_column", "A column appears twice."))
    return errors


def _order(
    group: _Group, merchant_id: int, account_id: int
) -> tuple[IncomingOrder, list[RowError]]:
    errors: list[RowError] = []
    first_row, first = group.rows[0]
    head = _Cells(first_row, first, errors)
    lines = []
    for n, (row, cells) in enumerate(group.rows, start=1):
        line = _Cells(row, cells, errors)
        lines.append(
            LineDraft(
                line_id=line.text("line_id") or str(n),
                channel_sku=line.text("channel_sku") or None,
                sku=line.text("sku") or None,
                quantity=line.number("quantity") or 0,
                unit_price=line.amount("unit_price"),
                currency=line.text("currency") or None,
            )
        )
    draft = OrderDraft(
        merchant_id=merchant_id,
        channel_account_id=account_id,
        channel=ChannelKind.MANUAL,
        external_order_id=head.text("external_order_id"),
        placed_at=head.time("placed_at"),
        channel_order_number=head.text("channel_order_number") or None,
        channel_updated_at=head.time("channel_updated_at"),
        ship_by=head.time("ship_by"),
        deliver_by=head.time("deliver_by"),
        service_level=head.text("service_level") or "standard",  # type: ignore[arg-type]
        service_label=head.text("service_label") or None,
        ship_to=Address(
            name=head.text("ship_to_name"),
            company=head.text("ship_to_company"),
            line1=head.text("ship_to_line1"),
            line2=head.text("ship_to_line2"),
            line3=head.text("ship_to_line3"),
            city=head.text("ship_to_city"),
            region=head.text("ship_to_region"),
            postal_code=head.text("ship_to_postal_code"),
            country=head.text("ship_to_country"),
            residential=head.flag("ship_to_residential"),
            phone=head.text("ship_to_phone"),
        ),
        customer=CustomerContact(
            name=head.text("customer_name"),
            email=head.text("customer_email"),
            phone=head.text("customer_phone"),
        ),
        lines=lines,
        flags=head.listed("flags"),  # type: ignore[arg-type]  # checked by validate_order
        tags=head.listed("tags"),
    )
    cancelled = bool(head.flag("cancelled"))
    if not errors:
        errors += _order_errors(draft, group)
    raw = {"rows": [{k: v for k, v in cells.items() if k} for _, cells in group.rows]}
    incoming = IncomingOrder(
        raw=raw, draft=draft, cancelled=cancelled, external_order_id=draft.external_order_id
    )
    return incoming, errors


def reread_csv_order(stored: Any, merchant_id: int, account_id: int) -> IncomingOrder:
    """A stored CSV payload ({"rows": [cells…]}, one order's rows) read again as it was taken:
    the retry of a payload whose processing failed (row numbers are those within the order)."""
    rows = stored.get("rows") if isinstance(stored, dict) else None
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        problem = FieldProblem("order", "unreadable", "The stored CSV rows could not be read.")
        return IncomingOrder(raw=stored if isinstance(stored, dict) else {}, draft=None,
                             problems=(problem,))  # fmt: skip
    group = _Group([(n, {str(k): str(v or "") for k, v in r.items()}) for n, r in
                    enumerate(rows, start=2)])  # fmt: skip
    incoming, _ = _order(group, merchant_id, account_id)
    return incoming


def _order_errors(draft: OrderDraft, group: _Group) -> list[RowError]:
    """The domain's field problems, placed on the row and column they come from."""
    try:
        validate_order(draft)
    except OrderInvalid as error:
        return [_placed(p.field, p.code, p.message, group) for p in error.problems]
    return []


def _placed(field: str, code: str, message: str, group: _Group) -> RowError:
    row = group.rows[0][0]
    column = field
    if field.startswith("lines["):
        index_text, _, rest = field[len("lines[") :].partition("]")
        if index_text.isdigit() and int(index_text) < len(group.rows):
            row = group.rows[int(index_text)][0]
        column = rest.lstrip(".") or "sku"
    elif field.startswith(("ship_to.", "customer.")):
        column = field.replace(".", "_", 1)
    elif field.startswith("tags["):
        column = "tags"
    return RowError(row, column, code, message)


def import_orders_csv(
    uow: OrderFlowUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    channel_account_id: int,
    text: str,
) -> list[CaptureResult]:
    """Take a whole order file, or raise OrderFileInvalid listing every error by row."""
    principal.require(Permission.MANAGE_ORDERS, merchant_id)
    orders, errors = parse_order_file(text, merchant_id, channel_account_id)
    if errors:
        raise OrderFileInvalid(errors)
    if not orders:
        raise InvalidInput("The file has no orders.", field="file")
    results: list[CaptureResult] = []
    for start in range(0, len(orders), MAX_BATCH):
        taken = capture_orders(
            uow,
            principal=principal,
            merchant_id=merchant_id,
            channel_account_id=channel_account_id,
            payloads=orders[start : start + MAX_BATCH],
            source=PayloadSource.CSV,
        )
        results += [dataclasses.replace(r, index=r.index + start) for r in taken]
    return results
