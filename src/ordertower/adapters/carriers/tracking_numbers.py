"""Own-account tracking numbers: prefix + zero-padded sequence + a GS1 mod-10 check digit.

The check digit (weights 3 and 1 from the right, as on GTINs) catches every mistyped digit and
most swapped neighbours when a number is keyed in by hand. Sequences come from a configured
range; the number of digits is that of the range's last number, so numbers in one range all have
the same length and sort in issue order.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ordertower.domain.catalog.barcodes import gs1_check_digit
from ordertower.domain.errors import FieldProblem, FieldsInvalid
from ordertower.services.shipping.errors import TrackingRangeExhausted

_PREFIX = re.compile(r"[A-Z]{1,6}")
SEQUENCE_MAX = 10**15 - 1  # within a PostgreSQL bigint and a 30-character barcode


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackingRange:
    prefix: str
    first: int
    last: int

    @property
    def digits(self) -> int:
        return len(str(self.last))


class TrackingRangeInvalid(FieldsInvalid):
    code = "tracking_range_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The tracking number range is not valid: {listed}", problems)


def check_tracking_range(numbers: TrackingRange) -> None:
    problems = []
    if not _PREFIX.fullmatch(numbers.prefix):
        message = (
            "Use 1 to 6 capital letters A–Z as the prefix (digits would blur into the sequence)."
        )
        problems.append(FieldProblem("prefix", "invalid_prefix", message))
    if not 1 <= numbers.first <= numbers.last <= SEQUENCE_MAX:
        message = f"Use 1 ≤ first ≤ last ≤ {SEQUENCE_MAX:,}."
        problems.append(FieldProblem("last", "out_of_range", message))
    if problems:
        raise TrackingRangeInvalid(problems)


def tracking_number(numbers: TrackingRange, sequence: int) -> str:
    """The tracking number for `sequence`, or TrackingRangeExhausted when it is outside the range."""
    if not numbers.first <= sequence <= numbers.last:
        raise TrackingRangeExhausted(
            f"Tracking number {sequence} is outside the range {numbers.first}–{numbers.last} of "
            f"prefix {numbers.prefix}; configure a new range for the own-account carrier."
        )
    body = f"{sequence:0{numbers.digits}d}"
    return f"{numbers.prefix}{body}{gs1_check_digit(body)}"


def is_issued_from(numbers: TrackingRange, text: str) -> bool:
    """True when `text` is a well-formed number of this range (prefix, length, check digit)."""
    body = text.removeprefix(numbers.prefix)[:-1]
    if not text.startswith(numbers.prefix) or len(body) != numbers.digits or not body.isdigit():
        return False
    return (
        numbers.first <= int(body) <= numbers.last and tracking_number(numbers, int(body)) == text
    )


class InMemoryTrackingNumbers:
    """A TrackingNumberSource for tests and single-process demos (thread-safe, not durable)."""

    def __init__(self, numbers: TrackingRange) -> None:
        self._next = numbers.first
        self._last = numbers.last
        self._lock = threading.Lock()

    def take(self) -> int:
        with self._lock:
            if self._next > self._last:
                raise TrackingRangeExhausted(
                    f"All tracking numbers up to {self._last} are used; configure a new range."
                )
            sequence, self._next = self._next, self._next + 1
            return sequence
