"""The exception queue: items to look at (receiving discrepancies, count variances…), filter, assign,
resolve with a note."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from ordertower.domain.exception_queue import ExceptionStatus
from ordertower.services.exception_queue import items
from ordertower.services.exception_queue.ports import ExceptionFilter, ExceptionItem

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, Id, Reason, StrictIn

router = APIRouter(tags=["exceptions"])

ExceptionItemIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The exception item id.")]


class ExceptionItemOut(BaseModel):
    id: int
    reason_code: str
    subject_kind: str
    subject_id: str
    message: str
    details: dict[str, Any]
    owner_user_id: int | None
    status: ExceptionStatus
    notes: str | None
    created_at: datetime
    resolved_at: datetime | None
    resolved_by_user_id: int | None

    @classmethod
    def of(cls, i: ExceptionItem) -> ExceptionItemOut:
        return cls(
            id=i.id,
            reason_code=i.reason_code,
            subject_kind=i.subject_kind,
            subject_id=i.subject_id,
            message=i.message,
            details=dict(i.details),
            owner_user_id=i.owner_user_id,
            status=i.status,
            notes=i.notes,
            created_at=i.created_at,
            resolved_at=i.resolved_at,
            resolved_by_user_id=i.resolved_by_user_id,
        )


class ResolveIn(StrictIn):
    note: str = Field(max_length=5000, description="What was done about it (required).")


class AssignIn(StrictIn):
    owner_user_id: Id | None = Field(description="The user who owns it; null: nobody.")
    reason: Reason = None


@router.get("/merchants/{merchant_id}/exception-items", response_model=PageOut[ExceptionItemOut])
def list_exception_items(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    status: ExceptionStatus | None = None,
    reason_code: Annotated[str | None, Query(max_length=40)] = None,
    subject_kind: Annotated[str | None, Query(max_length=24)] = None,
    subject_id: Annotated[str | None, Query(max_length=64)] = None,
    owner_user_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> PageOut[ExceptionItemOut]:
    """The merchant's exception items, oldest first, filtered by status, reason, subject, owner."""
    found = items.list_exception_items(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        filters=ExceptionFilter(
            status=status,
            reason_code=reason_code,
            subject_kind=subject_kind,
            subject_id=subject_id,
            owner_user_id=owner_user_id,
        ),
        page=page,
    )
    return page_out(found, ExceptionItemOut.of)


@router.get("/merchants/{merchant_id}/exception-items/{exception_item_id}")
def get_exception_item(
    merchant_id: MerchantDep,
    exception_item_id: ExceptionItemIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ExceptionItemOut:
    """One exception item."""
    return ExceptionItemOut.of(
        items.get_exception_item(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            item_id=exception_item_id,
        )
    )


@router.post("/merchants/{merchant_id}/exception-items/{exception_item_id}/resolve")
def resolve_exception_item(
    merchant_id: MerchantDep,
    exception_item_id: ExceptionItemIdPath,
    body: ResolveIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ExceptionItemOut:
    """Resolve an item, saying what was done (a 409 if it was already resolved)."""
    return ExceptionItemOut.of(
        items.resolve_exception_item(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            item_id=exception_item_id,
            note=body.note,
        )
    )


@router.post("/merchants/{merchant_id}/exception-items/{exception_item_id}/assign")
def assign_exception_item(
    merchant_id: MerchantDep,
    exception_item_id: ExceptionItemIdPath,
    body: AssignIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ExceptionItemOut:
    """Give an item an owner (a user of the merchant), or none."""
    return ExceptionItemOut.of(
        items.assign_exception_item(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            item_id=exception_item_id,
            owner_user_id=body.owner_user_id,
            reason=body.reason,
        )
    )
