"""The product CSV file for import and export: `parse_product_csv` and `render_product_csv`.

Columns (header names are case-insensitive and may come in any order; only `sku` and `title`
are required, a missing optional column reads as blank):

  sku                 1 to 64 letters, digits, - _ . / (no spaces); once per file
  title               product title, up to 255 characters
  barcodes            UPC-A / EAN-13 / EAN-8 / GTIN-14 codes separated by |
  asin                B0 + 8 letters/digits, or a book's ISBN-10
  fnsku               Amazon FNSKU, 1 to 10 letters/digits (e.g. X001ABC123)
  length, width, height, dimension_unit    all four or none; unit in or cm
  weight, weight_unit                      both or none; unit lb, oz, kg or g
  uom                 each, pair, pack, set, box or case (blank: each)
  case_pack_qty       sellable units per case, a whole number of at least 1 (blank: 1)
  cost, currency      cost of at least 0 (decimal point, no thousands separator); ISO 4217 code
  blocked             true/false (also yes/no, y/n, 1/0; blank: false)
  blocked_reason      required when blocked, empty otherwise
  bundle_components   SKU*QUANTITY separated by |, e.g. SKU-A*2|SKU-B*1 (no * means 1)
  prep_category       Amazon PrepCategory (ADULT, BABY, ..., NONE); blank: not classified
  prep_types          Amazon PrepType values separated by |, e.g. ITEM_POLYBAGGING|ITEM_LABELING
  expiration_dated, fragile, liquid, hazmat    true/false
  prep_notes          free text for prep staff

Keep barcodes as text in spreadsheets (leading zeros matter). A cell starting with = + - or @
is written with a ' in front so that spreadsheets do not run it as a formula; reading removes
that '. Files may start with a UTF-8 BOM and use CRLF line ends; blank lines are skipped but
counted, so row numbers match what a spreadsheet shows. A SKU, an FNSKU and a barcode (as
GTIN-14) may each appear on one row only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from .bundles import BundleComponent
from .errors import ProductInvalid
from .product import ProductSpec, validate_product_spec
from .product_csv_cells import named_skus, read_row
from .product_csv_checks import DraftRow, RowError, file_errors
from .product_csv_columns import COLUMNS, Header, column_for_field, read_header
from .product_csv_writer import write_row

DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class CsvParseResult:
    """The file's valid products and every error; import only when `is_valid` (all or nothing).

    `drafts` holds every data row as read (row number, spec before validation), so that callers
    can check rows against stored data and report by row, even rows that have other errors.
    """

    specs: list[ProductSpec] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    drafts: list[DraftRow] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _records(text: str) -> tuple[list[list[str]], list[RowError]]:
    records: list[list[str]] = []
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="")
    try:
        records.extend(csv.reader(lines, strict=True))
    except csv.Error as error:
        message = f"The file is not valid CSV at row {len(records) + 1} ({error}); save it as CSV."
        return records, [RowError(len(records) + 1, "", "malformed_csv", message)]
    return records, []


def _check_row(
    row: int, record: Sequence[str], *, header: Header
) -> tuple[DraftRow, ProductSpec | None, list[RowError]]:
    cells, errors = header.cells(row, record)
    draft, problems = read_row(cells)
    errors += [RowError(row, problem.field, problem.code, problem.message) for problem in problems]
    unreadable = {error.column for error in errors}
    try:
        return (row, draft), validate_product_spec(draft), errors
    except ProductInvalid as invalid:
        for problem in invalid.problems:
            column = column_for_field(problem.field)
            if column not in unreadable:  # a cell that could not be read is reported once
                errors.append(RowError(row, column, problem.code, problem.message))
        return (row, draft), None, errors


def _ordered(errors: list[RowError]) -> list[RowError]:
    """Without repeats, by row, then as the columns come (whole-row errors first, unknown last)."""
    position = {"": -1} | {column: index for index, column in enumerate(COLUMNS)}
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda error: (error.row, position.get(error.column, len(COLUMNS))))


def parse_product_csv(
    text: str,
    *,
    known_skus: Collection[str] = frozenset(),
    existing_bundles: Mapping[str, Sequence[BundleComponent]] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> CsvParseResult:
    """Read a product file and report every error in it, in each row and across rows.

    `known_skus` are the merchant's SKUs already in the catalog (bundle components may name
    them); `existing_bundles` its stored bundle definitions, which rows of the file replace.
    """
    records, errors = _records(text)
    if not records:
        message = "The file is empty; its first row must name the columns (at least sku,title)."
        return CsvParseResult(errors=errors or [RowError(1, "", "empty_file", message)])
    header, header_errors = read_header(records[0])
    numbered = enumerate(records[1:], start=2)
    data = [(row, record) for row, record in numbered if any(cell.strip() for cell in record)]
    if len(data) > max_rows:
        message = f"The file has {len(data)} products; split it into files of {max_rows} or fewer."
        return CsvParseResult(errors=[RowError(data[max_rows][0], "", "too_many_rows", message)])
    errors += header_errors
    if any(error.code != "unknown_column" for error in header_errors):
        return CsvParseResult(errors=_ordered(errors))  # without sure columns, rows mean nothing
    drafts: list[DraftRow] = []
    specs: dict[int, ProductSpec] = {}
    for row, record in data:
        draft, spec, row_errors = _check_row(row, record, header=header)
        drafts.append(draft)
        errors += row_errors
        if spec is not None:
            specs[row] = spec
    errors += file_errors(drafts, known_skus=known_skus, existing_bundles=existing_bundles or {})
    failed = {error.row for error in errors}
    valid = [spec for row, spec in specs.items() if row not in failed]
    return CsvParseResult(specs=valid, errors=_ordered(errors), drafts=drafts)


def mentioned_skus(text: str) -> set[str]:
    """Every SKU a product file names (rows and bundle components), to look up before parsing.

    A quick read that checks nothing: a file that cannot be read names no SKUs.
    """
    records, errors = _records(text)
    if errors or not records:
        return set()
    header, _ = read_header(records[0])
    named: set[str] = set()
    for row, record in enumerate(records[1:], start=2):
        cells, _ = header.cells(row, record)
        named.update(named_skus(cells))
    return named


def render_product_csv(specs: Sequence[ProductSpec], *, header: bool = True) -> str:
    """The product file for `specs` (all columns, CRLF line ends), readable by parse_product_csv.

    Without the header row, the rows can follow an earlier chunk (a file written in parts).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    writer.writerows(write_row(spec) for spec in specs)
    return out.getvalue()
