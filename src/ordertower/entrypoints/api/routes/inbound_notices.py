"""A merchant's advance shipping notices (ASN): expected SKUs, packed in containers, pallets, cartons."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.domain.inventory import InventoryStatus, PackageKind
from ordertower.domain.inventory.inbound_states import NoticeStatus
from ordertower.services.receiving import notices
from ordertower.services.receiving.notices import LineDraft, NoticeDraft, PackageDraft
from ordertower.services.receiving.ports import Notice

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, Id, Reason, StrictIn

router = APIRouter(tags=["receiving"])

NoticeIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The inbound notice id.")]


class PackageIn(StrictIn):
    label: str = Field(max_length=200, description="The package's label or barcode.")
    kind: PackageKind
    parent_label: str | None = Field(
        default=None, max_length=200, description="The pallet or container it travels in."
    )


class LineIn(StrictIn):
    sku: str = Field(max_length=200, examples=["MUG-BLK"])
    quantity: int = Field(description="Units expected (at least 1).")
    package_label: str | None = Field(default=None, max_length=200)


class NoticeIn(StrictIn):
    reference: str = Field(max_length=200, description="The supplier's ASN or PO number.")
    location_id: Id = Field(description="The warehouse the goods are coming to.")
    destination: InventoryStatus = Field(
        default=InventoryStatus.SELLABLE,
        description="Pool good units land in: sellable, or fba_bound when destined for Amazon.",
    )
    expected_at: datetime | None = None
    note: str | None = Field(default=None, max_length=5000)
    packages: list[PackageIn] = Field(
        default_factory=list, max_length=10_000, description="Outer packages first."
    )
    lines: list[LineIn] = Field(max_length=10_000)
    reason: Reason = None

    def to_draft(self) -> NoticeDraft:
        return NoticeDraft(
            reference=self.reference,
            location_id=self.location_id,
            destination=self.destination,
            expected_at=self.expected_at,
            note=self.note,
            packages=tuple(PackageDraft(p.label, p.kind, p.parent_label) for p in self.packages),
            lines=tuple(LineDraft(i.sku, i.quantity, i.package_label) for i in self.lines),
        )


class CancelIn(StrictIn):
    reason: Reason = None


class PackageOut(BaseModel):
    id: int
    kind: PackageKind
    label: str
    parent_id: int | None


class LineOut(BaseModel):
    id: int
    sku: str
    package_id: int | None
    expected_quantity: int


class NoticeOut(BaseModel):
    id: int
    reference: str
    location_id: int
    destination: InventoryStatus
    expected_at: datetime | None
    status: NoticeStatus
    note: str | None
    created_at: datetime
    closed_at: datetime | None
    packages: list[PackageOut]
    lines: list[LineOut]

    @classmethod
    def of(cls, n: Notice) -> NoticeOut:
        return cls(
            id=n.id,
            reference=n.reference,
            location_id=n.location_id,
            destination=n.destination,
            expected_at=n.expected_at,
            status=n.status,
            note=n.note,
            created_at=n.created_at,
            closed_at=n.closed_at,
            packages=[
                PackageOut(id=p.id, kind=p.kind, label=p.label, parent_id=p.parent_id)
                for p in n.packages
            ],
            lines=[
                LineOut(
                    id=i.id,
                    sku=i.sku,
                    package_id=i.package_id,
                    expected_quantity=i.expected_quantity,
                )
                for i in n.lines
            ],
        )


@router.get("/merchants/{merchant_id}/inbound-notices", response_model=PageOut[NoticeOut])
def list_notices(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageDep,
    status: NoticeStatus | None = None,
) -> PageOut[NoticeOut]:
    """The merchant's inbound notices, oldest first, optionally of one status."""
    found = notices.list_notices(
        runtime.uow(), principal=principal, merchant_id=merchant_id, page=page, status=status
    )
    return page_out(found, NoticeOut.of)


@router.post("/merchants/{merchant_id}/inbound-notices", status_code=http.HTTP_201_CREATED)
def create_notice(
    merchant_id: MerchantDep, body: NoticeIn, runtime: RuntimeDep, principal: PrincipalDep
) -> NoticeOut:
    """Announce an inbound shipment: lines by SKU, optionally in packages (outer ones first)."""
    notice = notices.create_notice(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        draft=body.to_draft(),
        reason=body.reason,
    )
    return NoticeOut.of(notice)


@router.get("/merchants/{merchant_id}/inbound-notices/{notice_id}")
def get_notice(
    merchant_id: MerchantDep, notice_id: NoticeIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> NoticeOut:
    """One inbound notice with its packages and lines."""
    return NoticeOut.of(
        notices.get_notice(
            runtime.uow(), principal=principal, merchant_id=merchant_id, notice_id=notice_id
        )
    )


@router.post("/merchants/{merchant_id}/inbound-notices/{notice_id}/cancel")
def cancel_notice(
    merchant_id: MerchantDep,
    notice_id: NoticeIdPath,
    body: CancelIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> NoticeOut:
    """Cancel a notice nothing was received against (a 409 once receiving has started)."""
    return NoticeOut.of(
        notices.cancel_notice(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            notice_id=notice_id,
            reason=body.reason,
        )
    )
