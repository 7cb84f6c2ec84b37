"""The life of a cycle count sheet: what it covers, its statuses and the moves between them."""

from __future__ import annotations

from enum import StrEnum

from ordertower.domain.errors import IllegalTransition


class CountScope(StrEnum):
    FULL_BIN = "full_bin"  # everything in the bin: what the counter does not find counts as 0
    LISTED_SKUS = "listed_skus"  # only the SKUs listed on the sheet (every pool and lot of them)


class CountSheetStatus(StrEnum):
    OPEN = "open"  # made: the books are snapshotted, the counter is counting
    SUBMITTED = "submitted"  # the counter sent what was found; a manager may apply it
    APPLIED = "applied"  # the differences were posted as count-correction adjustments
    CANCELLED = "cancelled"  # dropped without changing stock (e.g. the bin moved meanwhile)


COUNT_SHEET_CHANGES: dict[CountSheetStatus, frozenset[CountSheetStatus]] = {
    CountSheetStatus.OPEN: frozenset({CountSheetStatus.SUBMITTED, CountSheetStatus.CANCELLED}),
    CountSheetStatus.SUBMITTED: frozenset({CountSheetStatus.APPLIED, CountSheetStatus.CANCELLED}),
    CountSheetStatus.APPLIED: frozenset(),
    CountSheetStatus.CANCELLED: frozenset(),
}


def check_sheet_change(sheet_id: int, src: CountSheetStatus, dst: CountSheetStatus) -> None:
    if dst in COUNT_SHEET_CHANGES[src]:
        return
    raise IllegalTransition(
        f"Count sheet {sheet_id} is {src}; it cannot become {dst}.", field="count_sheet_id"
    )
