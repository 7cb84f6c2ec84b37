"""Keyset paging for repositories: fetch limit+1 rows after the cursor, hand back the next cursor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select

from ordertower.domain.errors import InvalidInput
from ordertower.domain.pagination import Page, PageRequest

T = TypeVar("T")


def after_id(page: PageRequest) -> int:
    if page.after is None:
        return 0
    if not page.after.isdigit():
        raise InvalidInput("cursor is not one this API gave out.", field="cursor")
    return int(page.after)


def by_id(query: Select[Any], id_column: ColumnElement[int], page: PageRequest) -> Select[Any]:
    return query.where(id_column > after_id(page)).order_by(id_column).limit(page.limit + 1)


def to_page(items: Sequence[T], page: PageRequest, key: Callable[[T], object]) -> Page[T]:
    more = len(items) > page.limit
    kept = list(items[: page.limit])
    return Page(items=kept, next_after=str(key(kept[-1])) if more and kept else None)
