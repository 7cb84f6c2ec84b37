"""SQL for the exception queue: raise items (idempotently by raise key), filter, assign, resolve."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ordertower.domain.exception_queue import ExceptionStatus
from ordertower.domain.pagination import Page, PageRequest
from ordertower.services.exception_queue.ports import (
    ExceptionFilter,
    ExceptionItem,
    NewExceptionItem,
)

from ..paging import by_id, to_page
from ..tables.exception_items import exception_items


class SqlExceptionItems:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_many(
        self, *, merchant_id: int, items: Sequence[NewExceptionItem]
    ) -> list[ExceptionItem]:
        c = exception_items.c
        added = []
        for item in items:
            values = {
                "merchant_id": merchant_id,
                "reason_code": item.reason_code,
                "subject_kind": item.subject_kind,
                "subject_id": item.subject_id,
                "message": item.message,
                "details": json.loads(json.dumps(dict(item.details), default=str)),
                "raise_key": item.raise_key,
                "owner_user_id": item.owner_user_id,
            }
            row = self._c.execute(
                pg_insert(exception_items)
                .values(values)
                .on_conflict_do_nothing(index_elements=["merchant_id", "raise_key"])
                .returning(*exception_items.c)
            ).first()
            if row is None:
                row = self._c.execute(
                    select(exception_items).where(
                        c.merchant_id == merchant_id, c.raise_key == item.raise_key
                    )
                ).one()
            added.append(_item(row))
        return added

    def get(self, *, merchant_id: int, item_id: int, lock: bool = False) -> ExceptionItem | None:
        c = exception_items.c
        query = select(exception_items).where(c.merchant_id == merchant_id, c.id == item_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return _item(row) if row else None

    def list(
        self, *, merchant_id: int, filters: ExceptionFilter, page: PageRequest
    ) -> Page[ExceptionItem]:
        c = exception_items.c
        query = select(exception_items).where(c.merchant_id == merchant_id)
        if filters.status is not None:
            query = query.where(c.status == str(filters.status))
        if filters.reason_code is not None:
            query = query.where(c.reason_code == filters.reason_code)
        if filters.subject_kind is not None:
            query = query.where(c.subject_kind == filters.subject_kind)
        if filters.subject_id is not None:
            query = query.where(c.subject_id == filters.subject_id)
        if filters.owner_user_id is not None:
            query = query.where(c.owner_user_id == filters.owner_user_id)
        rows = self._c.execute(by_id(query, c.id, page)).all()
        return to_page([_item(r) for r in rows], page, lambda i: i.id)

    def resolve(
        self, *, merchant_id: int, item_id: int, user_id: int, note: str, at: dt.datetime
    ) -> ExceptionItem:
        return self._update(
            merchant_id,
            item_id,
            status=str(ExceptionStatus.RESOLVED),
            notes=note,
            resolved_at=at,
            resolved_by_user_id=user_id,
        )

    def assign(self, *, merchant_id: int, item_id: int, owner_user_id: int | None) -> ExceptionItem:
        return self._update(merchant_id, item_id, owner_user_id=owner_user_id)

    def _update(self, merchant_id: int, item_id: int, **values: Any) -> ExceptionItem:
        c = exception_items.c
        row = self._c.execute(
            update(exception_items)
            .where(c.merchant_id == merchant_id, c.id == item_id)
            .values(**values)
            .returning(*exception_items.c)
        ).one()
        return _item(row)


def _item(r: Row[Any]) -> ExceptionItem:
    return ExceptionItem(
        id=r.id,
        merchant_id=r.merchant_id,
        reason_code=r.reason_code,
        subject_kind=r.subject_kind,
        subject_id=r.subject_id,
        message=r.message,
        details=r.details,
        owner_user_id=r.owner_user_id,
        status=ExceptionStatus(r.status),
        notes=r.notes,
        created_at=r.created_at,
        resolved_at=r.resolved_at,
        resolved_by_user_id=r.resolved_by_user_id,
    )


class ExceptionQueueRepositories:
    """Mixin for the unit of work: the exception queue bound to its connection."""

    connection: Connection

    @property
    def exception_items(self) -> SqlExceptionItems:
        return SqlExceptionItems(self.connection)
