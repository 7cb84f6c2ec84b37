"""Applying a submitted count: the differences become count-correction adjustments in one posting,
and differences above the threshold go to the exception queue.

The books must still be as the sheet snapshotted them: if stock in the counted bin moved since,
the counter counted something else than the books now hold, so the sheet is refused (cancel it and
count again). A correction that would take units promised to orders is refused too: release those
allocations first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ordertower.domain.errors import Conflict, InvalidInput
from ordertower.domain.exception_queue import ExceptionReason, SubjectKind
from ordertower.domain.inventory import (
    BalanceKey,
    CountLine,
    CountSheet,
    CountVariance,
    InventoryStatus,
    MovementRequest,
    count_corrections,
    count_variances,
)
from ordertower.domain.inventory.count_states import (
    CountScope,
    CountSheetStatus,
    check_sheet_change,
)
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.exception_queue.ports import ExceptionItem, NewExceptionItem
from ordertower.services.inventory.posting import Planned, Posted, post_in_transaction

from .ports import BinBalance, CountSheetRecord
from .sheets import find_sheet, sheet_audit
from .unit_of_work import CountsUnitOfWork

# Differences of more than this many units raise a count_variance exception item.
DEFAULT_VARIANCE_THRESHOLD = 2
MAX_VARIANCE_THRESHOLD = 1_000_000


class CountOutdated(Conflict):
    code = "count_outdated"


class CountTakesPromisedUnits(Conflict):
    code = "count_takes_promised_units"


@dataclass(frozen=True, slots=True)
class Applied:
    sheet: CountSheetRecord
    movements: list[Posted]
    exception_items: list[ExceptionItem]


_Key = tuple[int, InventoryStatus, str]


def apply_count(
    uow: CountsUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    sheet_id: int,
    variance_threshold: int = DEFAULT_VARIANCE_THRESHOLD,
    reason: str | None = None,
) -> Applied:
    """Correct the books to what was counted, in one posting; raise large variances."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    if (
        isinstance(variance_threshold, bool)
        or not 0 <= variance_threshold <= MAX_VARIANCE_THRESHOLD
    ):
        raise InvalidInput(
            f"variance_threshold is a number of units from 0 to {MAX_VARIANCE_THRESHOLD}.",
            field="variance_threshold",
        )
    with uow:
        sheet = find_sheet(uow, merchant_id, sheet_id, lock=True)
        check_sheet_change(sheet_id, sheet.status, CountSheetStatus.APPLIED)
        listed = {line.product_id for line in sheet.lines}
        balances = uow.count_sheets.bin_balances(
            merchant_id=merchant_id,
            bin_id=sheet.bin_id,
            product_ids=listed if sheet.scope is CountScope.LISTED_SKUS else None,
        )
        _refuse_if_moved(sheet, balances)
        counted, books = _domain_sheet(sheet, balances)
        actor = f"user:{principal.user_id}"
        corrections = _increases_first(count_corrections(counted, books, actor=actor))
        _refuse_promised(uow, sheet, corrections)
        posted = []
        if corrections:
            posted = post_in_transaction(
                uow,
                merchant_id=merchant_id,
                planned=[Planned(c) for c in corrections],
                actor_user_id=principal.user_id,
            )
        variances = count_variances(counted, books)
        items = raise_items(
            uow,
            merchant_id=merchant_id,
            items=[
                _variance_item(sheet, v)
                for v in variances
                if abs(v.difference) > variance_threshold
            ],
        )
        uow.count_sheets.mark(
            merchant_id=merchant_id,
            sheet_id=sheet_id,
            status=CountSheetStatus.APPLIED,
            user_id=principal.user_id,
            at=uow.now(),
        )
        applied = find_sheet(uow, merchant_id, sheet_id)
        uow.audit.record(sheet_audit(principal, "count_sheet.applied", applied, reason))
        uow.commit()
    return Applied(applied, posted, items)


def _refuse_if_moved(sheet: CountSheetRecord, balances: Sequence[BinBalance]) -> None:
    then = {
        (line.product_id, line.status, line.lot): line.system_quantity
        for line in sheet.lines
        if line.on_sheet and line.system_quantity
    }
    now = {(b.product_id, b.status, b.lot): b.on_hand for b in balances}
    if then == now:
        return
    changed = sorted(k for k in then.keys() | now.keys() if then.get(k, 0) != now.get(k, 0))
    skus = {line.product_id: line.sku for line in sheet.lines}
    skus.update({b.product_id: b.sku for b in balances})
    product_id, status, lot = changed[0]
    raise CountOutdated(
        f"Stock in bin {sheet.bin_code} moved after count sheet {sheet.id} was made "
        f"({skus[product_id]} {status}{' lot ' + lot if lot else ''}: {then.get(changed[0], 0)} "
        f"then, {now.get(changed[0], 0)} now); cancel this sheet and count the bin again.",
        field="count_sheet_id",
    )


def _domain_sheet(
    sheet: CountSheetRecord, balances: Sequence[BinBalance]
) -> tuple[CountSheet, dict[BalanceKey, int]]:
    """The sheet and the books as the domain's count sheet and balance keys (expiry from the
    books where they know the units, so counted and booked keys match)."""
    expiries: dict[_Key, dt.date | None] = {
        (b.product_id, b.status, b.lot): b.expires_on for b in balances
    }
    lines = tuple(
        CountLine(
            line.sku,
            line.counted,
            line.status,
            line.lot or None,
            expiries.get((line.product_id, line.status, line.lot), line.expires_on),
        )
        for line in sheet.lines
        if line.counted is not None
    )
    counted = CountSheet(
        count_id=str(sheet.id),
        merchant_id=sheet.merchant_id,
        location_id=sheet.location_id,
        bin_id=sheet.bin_id,
        lines=lines,
        complete=True,
    )
    books = {
        BalanceKey(
            sheet.merchant_id,
            b.sku,
            sheet.location_id,
            sheet.bin_id,
            b.status,
            b.lot or None,
            b.expires_on,
        ): b.on_hand
        for b in balances
    }
    return counted, books


def _increases_first(corrections: Sequence[MovementRequest]) -> list[MovementRequest]:
    """Post found units before lost ones, so a lot swap never dips a balance on the way."""
    return sorted(corrections, key=lambda c: c.from_place is not None)


def _refuse_promised(
    uow: CountsUnitOfWork, sheet: CountSheetRecord, corrections: Sequence[MovementRequest]
) -> None:
    net: dict[str, int] = {}
    for c in corrections:
        if c.to_place is not None and c.to_place.status is InventoryStatus.SELLABLE:
            net[c.sku] = net.get(c.sku, 0) + c.quantity
        if c.from_place is not None and c.from_place.status is InventoryStatus.SELLABLE:
            net[c.sku] = net.get(c.sku, 0) - c.quantity
    losing = {sku: change for sku, change in net.items() if change < 0}
    if not losing:
        return
    ids = uow.inventory.products_by_sku(sheet.merchant_id, losing)
    positions = uow.count_sheets.sellable_positions(
        merchant_id=sheet.merchant_id,
        location_id=sheet.location_id,
        product_ids=[p.id for p in ids.values()],
    )
    for sku, change in sorted(losing.items()):
        position = positions.get(ids[sku].id)
        if position is None:
            continue
        left = position.on_hand + change
        if left < position.allocated:
            raise CountTakesPromisedUnits(
                f"Applying count sheet {sheet.id} would leave {left} sellable units of {sku} at "
                f"this location, but {position.allocated} are promised to orders. Release those "
                "allocations first (back-order the orders), then apply the count again.",
                field="count_sheet_id",
            )


def _variance_item(sheet: CountSheetRecord, variance: CountVariance) -> NewExceptionItem:
    key = variance.key
    lot = f", lot {key.lot}" if key.lot else ""
    sign = "+" if variance.difference > 0 else "−"
    return NewExceptionItem(
        reason_code=str(ExceptionReason.COUNT_VARIANCE),
        subject_kind=str(SubjectKind.COUNT_SHEET),
        subject_id=str(sheet.id),
        message=(
            f"Count sheet {sheet.id}, bin {sheet.bin_code}: {key.sku} ({key.status}{lot}) "
            f"counted {variance.counted}, books had {variance.system} "
            f"({sign}{abs(variance.difference)}). The books were corrected; find out why."
        ),
        details={
            "sku": key.sku,
            "status": str(key.status),
            "lot": key.lot,
            "bin_id": sheet.bin_id,
            "bin_code": sheet.bin_code,
            "location_id": sheet.location_id,
            "system": variance.system,
            "counted": variance.counted,
            "difference": variance.difference,
        },
        raise_key=f"count:{sheet.id}:{key.sku}:{key.status}:{key.lot or ''}",
    )
