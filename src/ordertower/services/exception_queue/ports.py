"""What exception-queue use cases need from storage: items as stored, new items, filters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ordertower.domain.exception_queue import ExceptionStatus
from ordertower.domain.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class ExceptionItem:
    id: int
    merchant_id: int
    reason_code: str  # an ExceptionReason value (kept as text: later areas add reasons)
    subject_kind: str
    subject_id: str
    message: str
    details: Mapping[str, Any]
    owner_user_id: int | None
    status: ExceptionStatus
    notes: str | None
    created_at: datetime
    resolved_at: datetime | None
    resolved_by_user_id: int | None


@dataclass(frozen=True, slots=True)
class NewExceptionItem:
    reason_code: str
    subject_kind: str
    subject_id: str
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)
    raise_key: str | None = None  # the same key raised twice is one item
    owner_user_id: int | None = None


@dataclass(frozen=True, slots=True)
class ExceptionFilter:
    status: ExceptionStatus | None = None
    reason_code: str | None = None
    subject_kind: str | None = None
    subject_id: str | None = None
    owner_user_id: int | None = None


class ExceptionItemRepository(Protocol):
    def add_many(
        self, *, merchant_id: int, items: Sequence[NewExceptionItem]
    ) -> list[ExceptionItem]:
        """Insert the items; one whose raise_key exists already is returned as it was."""
        ...

    def get(
        self, *, merchant_id: int, item_id: int, lock: bool = False
    ) -> ExceptionItem | None: ...
    def list(
        self, *, merchant_id: int, filters: ExceptionFilter, page: PageRequest
    ) -> Page[ExceptionItem]: ...
    def resolve(
        self, *, merchant_id: int, item_id: int, user_id: int, note: str, at: datetime
    ) -> ExceptionItem: ...
    def assign(
        self, *, merchant_id: int, item_id: int, owner_user_id: int | None
    ) -> ExceptionItem: ...
