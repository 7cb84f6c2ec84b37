"""Use cases for count sheets: make one for a bin (snapshotting the books), submit what was found,
cancel it, look it up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ordertower.domain.errors import Conflict, FieldProblem, FieldsInvalid, NotFound
from ordertower.domain.inventory import MAX_QUANTITY, InventoryStatus
from ordertower.domain.inventory.count_states import (
    CountScope,
    CountSheetStatus,
    check_sheet_change,
)
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.inventory.ports import BinRef, ProductRef
from ordertower.services.unit_of_work import Actor, AuditEntry

from .ports import CountSheetRecord, NewCountLine
from .unit_of_work import CountsUnitOfWork

MAX_LISTED_SKUS = 500
MAX_LOT_LENGTH = 64
MAX_NOTE_LENGTH = 2000


class CountSheetInvalid(FieldsInvalid):
    code = "count_sheet_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The count sheet is not valid: {listed}", problems)


@dataclass(frozen=True, slots=True)
class CountedLine:
    """What the counter found of one SKU in one pool and lot."""

    sku: str
    counted: int
    pool: InventoryStatus = InventoryStatus.SELLABLE
    lot: str | None = None
    expires_on: dt.date | None = None  # needed for expiration-dated units the books did not have


def create_count_sheet(
    uow: CountsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    bin_id: int | None = None,
    bin_barcode: str | None = None,
    skus: Sequence[str] = (),
    blind: bool = True,
    note: str | None = None,
) -> CountSheetRecord:
    """A sheet to count one bin (by id or scanned barcode): all of it, or only `skus`. The books
    are snapshotted now."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    listed = list(dict.fromkeys(s.strip() for s in skus))
    scope = CountScope.LISTED_SKUS if listed else CountScope.FULL_BIN
    with uow:
        found_bin = _bin(uow, bin_id, bin_barcode)
        products = uow.inventory.products_by_sku(merchant_id, listed) if listed else {}
        _refuse_problems(_sheet_problems(bin_id, bin_barcode, found_bin, listed, products, note))
        assert found_bin is not None
        bin_id = found_bin.id
        open_sheet = uow.count_sheets.in_progress_for_bin(merchant_id=merchant_id, bin_id=bin_id)
        if open_sheet is not None:
            raise Conflict(
                f"Bin {found_bin.code} already has count sheet {open_sheet} in progress; apply "
                "or cancel it first.",
                field="bin_id",
            )
        product_ids = [p.id for p in products.values()] if listed else None
        balances = uow.count_sheets.bin_balances(
            merchant_id=merchant_id, bin_id=bin_id, product_ids=product_ids
        )
        lines = [
            NewCountLine(b.product_id, b.status, b.lot, b.expires_on, True, b.on_hand)
            for b in balances
        ]
        held = {b.product_id for b in balances}
        lines += [
            NewCountLine(p.id, InventoryStatus.SELLABLE, "", None, True, 0)
            for p in products.values()
            if p.id not in held
        ]
        sheet = uow.count_sheets.add(
            merchant_id=merchant_id,
            location_id=found_bin.location_id,
            bin_id=bin_id,
            scope=scope,
            blind=blind,
            note=(note or "").strip() or None,
            user_id=principal.user_id,
            lines=lines,
        )
        uow.audit.record(sheet_audit(principal, "count_sheet.created", sheet))
        uow.commit()
    return sheet


def submit_count(
    uow: CountsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    sheet_id: int,
    lines: Sequence[CountedLine],
) -> CountSheetRecord:
    """The counter's findings. Anything on the sheet (or, for a full bin, in the books) that is not
    among `lines` was not found: it counts as 0."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    _refuse_problems(_count_problems(lines))
    with uow:
        sheet = find_sheet(uow, merchant_id, sheet_id, lock=True)
        check_sheet_change(sheet_id, sheet.status, CountSheetStatus.SUBMITTED)
        products = uow.inventory.products_by_sku(merchant_id, {line.sku.strip() for line in lines})
        _refuse_problems(_found_problems(sheet, lines, products))
        on_sheet = {(line.product_id, line.status, line.lot): line for line in sheet.lines}
        counted: dict[int, int] = {}
        beyond: list[tuple[NewCountLine, int]] = []
        for line in lines:
            product = products[line.sku.strip()]
            lot = (line.lot or "").strip()
            known = on_sheet.get((product.id, line.pool, lot))
            if known is not None:
                counted[known.id] = line.counted
            else:
                new = NewCountLine(product.id, line.pool, lot, line.expires_on, False, 0)
                beyond.append((new, line.counted))
        uow.count_sheets.record_counts(
            merchant_id=merchant_id,
            sheet_id=sheet_id,
            counted=counted,
            found=beyond,
            user_id=principal.user_id,
            at=uow.now(),
        )
        submitted = find_sheet(uow, merchant_id, sheet_id)
        uow.audit.record(sheet_audit(principal, "count_sheet.submitted", submitted))
        uow.commit()
    return submitted


def cancel_count_sheet(
    uow: CountsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    sheet_id: int,
    reason: str | None = None,
) -> CountSheetRecord:
    """Drop a sheet that was not applied; the stock is not touched."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    with uow:
        sheet = find_sheet(uow, merchant_id, sheet_id, lock=True)
        check_sheet_change(sheet_id, sheet.status, CountSheetStatus.CANCELLED)
        uow.count_sheets.mark(
            merchant_id=merchant_id,
            sheet_id=sheet_id,
            status=CountSheetStatus.CANCELLED,
            user_id=principal.user_id,
            at=uow.now(),
        )
        cancelled = find_sheet(uow, merchant_id, sheet_id)
        uow.audit.record(sheet_audit(principal, "count_sheet.cancelled", cancelled, reason))
        uow.commit()
    return cancelled


def get_count_sheet(
    uow: CountsUnitOfWork, *, principal: Principal, merchant_id: int, sheet_id: int
) -> CountSheetRecord:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return find_sheet(uow, merchant_id, sheet_id)


def list_count_sheets(
    uow: CountsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    status: CountSheetStatus | None = None,
) -> Page[CountSheetRecord]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.count_sheets.search(merchant_id=merchant_id, status=status, page=page)


def find_sheet(
    uow: CountsUnitOfWork, merchant_id: int, sheet_id: int, *, lock: bool = False
) -> CountSheetRecord:
    sheet = uow.count_sheets.get(merchant_id=merchant_id, sheet_id=sheet_id, lock=lock)
    if sheet is None:
        raise NotFound(f"Count sheet {sheet_id} not found.", field="count_sheet_id")
    return sheet


def sheet_audit(
    principal: Principal, action: str, sheet: CountSheetRecord, reason: str | None = None
) -> AuditEntry:
    return AuditEntry(
        Actor(label=f"user:{principal.user_id}", user_id=principal.user_id),
        action,
        "count_sheet",
        str(sheet.id),
        merchant_id=sheet.merchant_id,
        reason=reason,
        details={"bin_id": sheet.bin_id, "scope": str(sheet.scope), "blind": sheet.blind},
    )


def _refuse_problems(problems: list[FieldProblem]) -> None:
    if problems:
        raise CountSheetInvalid(problems)


def _bin(uow: CountsUnitOfWork, bin_id: int | None, barcode: str | None) -> BinRef | None:
    if bin_id is not None:
        return uow.inventory.bins([bin_id]).get(bin_id)
    if barcode is not None and barcode.strip():
        return uow.floor.bin_by_barcode(barcode.strip())
    return None


def _sheet_problems(
    bin_id: int | None,
    barcode: str | None,
    found_bin: BinRef | None,
    listed: list[str],
    products: dict[str, ProductRef],
    note: str | None,
) -> list[FieldProblem]:
    problems = []
    if found_bin is None and bin_id is not None:
        problems.append(
            FieldProblem(
                "bin_id", "unknown_bin", f"Bin {bin_id} does not exist; pick a bin of a warehouse."
            )
        )
    elif found_bin is None and barcode and barcode.strip():
        problems.append(
            FieldProblem(
                "bin_barcode",
                "unknown_bin",
                f"No bin has the barcode {barcode.strip()!r}; scan the bin label again.",
            )
        )
    elif found_bin is None:
        problems.append(
            FieldProblem("bin_id", "required", "Say which bin to count (its id or barcode).")
        )
    if len(listed) > MAX_LISTED_SKUS:
        problems.append(FieldProblem("skus", "too_many", f"List at most {MAX_LISTED_SKUS} SKUs."))
    for index, sku in enumerate(listed):
        product = products.get(sku)
        if product is None:
            problems.append(
                FieldProblem(
                    f"skus[{index}]", "unknown_sku", f"The merchant has no product {sku!r}."
                )
            )
        elif product.kind == "bundle":
            problems.append(
                FieldProblem(
                    f"skus[{index}]",
                    "bundle_not_stocked",
                    f"{sku} is a bundle: count its components.",
                )
            )
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        problems.append(FieldProblem("note", "too_long", f"At most {MAX_NOTE_LENGTH} characters."))
    return problems


def _count_problems(lines: Sequence[CountedLine]) -> list[FieldProblem]:
    problems = []
    seen: set[tuple[str, InventoryStatus, str]] = set()
    for index, line in enumerate(lines):
        counted = line.counted
        if (
            isinstance(counted, bool)
            or not isinstance(counted, int)
            or not (0 <= counted <= MAX_QUANTITY)
        ):
            problems.append(
                FieldProblem(
                    f"lines[{index}].counted",
                    "count_out_of_range",
                    f"Count a whole number of units from 0 to {MAX_QUANTITY}, not {counted!r}.",
                )
            )
        lot = (line.lot or "").strip()
        if len(lot) > MAX_LOT_LENGTH:
            problems.append(
                FieldProblem(f"lines[{index}].lot", "too_long", "A lot has at most 64 characters.")
            )
        key = (line.sku.strip(), line.pool, lot)
        if key in seen:
            problems.append(
                FieldProblem(
                    f"lines[{index}].sku",
                    "counted_twice",
                    f"{key[0]} ({line.pool}{', lot ' + lot if lot else ''}) is on the sheet twice; "
                    "put the total on one line.",
                )
            )
        seen.add(key)
    return problems


def _found_problems(
    sheet: CountSheetRecord, lines: Sequence[CountedLine], products: dict[str, ProductRef]
) -> list[FieldProblem]:
    listed = {line.product_id for line in sheet.lines}
    known = {(line.product_id, line.status, line.lot) for line in sheet.lines}
    problems = []
    for index, line in enumerate(lines):
        sku = line.sku.strip()
        product = products.get(sku)
        field = f"lines[{index}]"
        if product is None:
            problems.append(
                FieldProblem(f"{field}.sku", "unknown_sku", f"The merchant has no product {sku!r}.")
            )
        elif product.kind == "bundle":
            problems.append(
                FieldProblem(
                    f"{field}.sku",
                    "bundle_not_stocked",
                    f"{sku} is a bundle: count its components.",
                )
            )
        elif sheet.scope is CountScope.LISTED_SKUS and product.id not in listed:
            problems.append(
                FieldProblem(
                    f"{field}.sku",
                    "not_on_sheet",
                    f"{sku} is not on this sheet; count it on a full-bin sheet.",
                )
            )
        elif (
            product.expiration_dated
            and line.expires_on is None
            and (product.id, line.pool, (line.lot or "").strip()) not in known
            and line.counted
        ):
            problems.append(
                FieldProblem(
                    f"{field}.expires_on",
                    "required",
                    f"{sku} is expiration-dated: give the expiry date of the units found.",
                )
            )
    return problems
