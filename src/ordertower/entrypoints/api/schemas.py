"""Shapes shared by every API module: pages and problems."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel

from ordertower.domain.pagination import Page, encode_cursor

T = TypeVar("T")
S = TypeVar("S")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def page_out(page: Page[S], convert: Callable[[S], T]) -> PageOut[T]:
    items: Sequence[S] = page.items
    cursor = encode_cursor(page.next_after) if page.next_after else None
    return PageOut[T](items=[convert(i) for i in items], next_cursor=cursor)


class ProblemOut(BaseModel):
    type: str
    title: str
    status: int
    code: str
    detail: str
    field: str | None = None
