"""Use cases for advance notices (ASN): announce what is on its way, cancel it, look it up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ordertower.domain.errors import FieldProblem, NotFound
from ordertower.domain.inventory import (
    MAX_QUANTITY,
    AdvanceNotice,
    ExpectedLine,
    InboundPackage,
    InvalidReceipt,
    InventoryStatus,
    PackageKind,
)
from ordertower.domain.inventory.inbound_states import (
    DESTINATIONS,
    NOTICE_CHANGES,
    NoticeStatus,
    check_change,
)
from ordertower.domain.pagination import Page, PageRequest
from ordertower.domain.tenancy import Permission, Principal

from .errors import NoticeInvalid
from .places import warehouse_problems
from .ports import NewLine, NewNotice, NewPackage, Notice
from .unit_of_work import ReceivingUnitOfWork
from .wording import audit_entry

MAX_REFERENCE_LENGTH = 64
MAX_LABEL_LENGTH = 64
MAX_NOTE_LENGTH = 2000
MAX_LINES = 5000


@dataclass(frozen=True, slots=True)
class PackageDraft:
    label: str
    kind: PackageKind
    parent_label: str | None = None  # the pallet or container it travels in


@dataclass(frozen=True, slots=True)
class LineDraft:
    sku: str
    quantity: int
    package_label: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeDraft:
    reference: str
    location_id: int
    destination: InventoryStatus = InventoryStatus.SELLABLE
    expected_at: dt.datetime | None = None
    note: str | None = None
    packages: tuple[PackageDraft, ...] = ()
    lines: tuple[LineDraft, ...] = ()


def create_notice(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    draft: NoticeDraft,
    reason: str | None = None,
) -> Notice:
    """Announce an inbound shipment: its SKUs and quantities, packed in what, to which warehouse."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    problems = _draft_problems(draft)
    with uow:
        problems += warehouse_problems(uow, draft.location_id, field="location_id")
        product_ids, sku_problems = _products(uow, merchant_id, draft)
        problems += sku_problems
        if problems:
            raise NoticeInvalid(problems)
        _check_packing(merchant_id, draft)
        reference = draft.reference.strip()
        if uow.notices.reference_taken(merchant_id=merchant_id, reference=reference):
            raise NoticeInvalid(
                [
                    FieldProblem(
                        "reference",
                        "reference_taken",
                        f"An open or received notice already has reference {reference}; "
                        "use another reference or cancel that notice first.",
                    )
                ]
            )
        notice = uow.notices.add(
            merchant_id=merchant_id, notice=_new_notice(principal, draft, product_ids)
        )
        uow.audit.record(
            audit_entry(
                principal,
                "inbound_notice.created",
                "inbound_notice",
                notice.id,
                merchant_id=merchant_id,
                reason=reason,
                reference=notice.reference,
            )
        )
        uow.commit()
    return notice


def cancel_notice(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    notice_id: int,
    reason: str | None = None,
) -> Notice:
    """Cancel a notice nothing was received against (the goods will not come)."""
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    with uow:
        notice = _notice(uow, merchant_id, notice_id, lock=True)
        check_change(
            f"Inbound notice {notice.reference}",
            NOTICE_CHANGES,
            notice.status,
            NoticeStatus.CANCELLED,
            field="notice_id",
        )
        uow.notices.set_status(
            merchant_id=merchant_id,
            notice_id=notice_id,
            status=NoticeStatus.CANCELLED,
            at=uow.now(),
        )
        uow.audit.record(
            audit_entry(
                principal,
                "inbound_notice.cancelled",
                "inbound_notice",
                notice_id,
                merchant_id=merchant_id,
                reason=reason,
            )
        )
        cancelled = _notice(uow, merchant_id, notice_id)
        uow.commit()
    return cancelled


def get_notice(
    uow: ReceivingUnitOfWork, *, principal: Principal, merchant_id: int, notice_id: int
) -> Notice:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return _notice(uow, merchant_id, notice_id)


def list_notices(
    uow: ReceivingUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    page: PageRequest,
    status: NoticeStatus | None = None,
) -> Page[Notice]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.notices.search(merchant_id=merchant_id, status=status, page=page)


def _notice(
    uow: ReceivingUnitOfWork, merchant_id: int, notice_id: int, *, lock: bool = False
) -> Notice:
    notice = uow.notices.get(merchant_id=merchant_id, notice_id=notice_id, lock=lock)
    if notice is None:
        raise NotFound(f"Inbound notice {notice_id} not found.", field="notice_id")
    return notice


def _draft_problems(draft: NoticeDraft) -> list[FieldProblem]:
    problems = []
    reference = draft.reference.strip()
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        problems.append(
            FieldProblem(
                "reference",
                "required",
                f"Give the shipment's reference (1 to {MAX_REFERENCE_LENGTH} characters).",
            )
        )
    if draft.destination not in DESTINATIONS:
        problems.append(
            FieldProblem(
                "destination",
                "unknown_destination",
                "Receipts send good units to sellable or fba_bound (for Amazon) only.",
            )
        )
    if draft.expected_at is not None and draft.expected_at.utcoffset() is None:
        problems.append(
            FieldProblem(
                "expected_at", "timezone_required", "Give expected_at with a timezone (UTC)."
            )
        )
    if draft.note is not None and len(draft.note) > MAX_NOTE_LENGTH:
        problems.append(FieldProblem("note", "too_long", f"At most {MAX_NOTE_LENGTH} characters."))
    if not draft.lines:
        problems.append(
            FieldProblem("lines", "required", "List at least one SKU and how many are expected.")
        )
    if len(draft.lines) > MAX_LINES or len(draft.packages) > MAX_LINES:
        problems.append(
            FieldProblem("lines", "too_many", f"At most {MAX_LINES} lines and packages.")
        )
    for index, package in enumerate(draft.packages):
        label = package.label.strip()
        if not label or len(label) > MAX_LABEL_LENGTH:
            problems.append(
                FieldProblem(
                    f"packages[{index}].label",
                    "required",
                    f"Give the package's label (1 to {MAX_LABEL_LENGTH} characters).",
                )
            )
    for index, line in enumerate(draft.lines):
        quantity = line.quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            quantity = 0
        if not 1 <= quantity <= MAX_QUANTITY:
            problems.append(
                FieldProblem(
                    f"lines[{index}].quantity",
                    "quantity_out_of_range",
                    f"Expect a whole number of units from 1 to {MAX_QUANTITY}, "
                    f"not {line.quantity!r}.",
                )
            )
    return problems


def _products(
    uow: ReceivingUnitOfWork, merchant_id: int, draft: NoticeDraft
) -> tuple[dict[str, int], list[FieldProblem]]:
    skus = {line.sku.strip() for line in draft.lines}
    found = uow.inventory.products_by_sku(merchant_id, skus)
    problems = []
    for index, line in enumerate(draft.lines):
        sku = line.sku.strip()
        product = found.get(sku)
        field = f"lines[{index}].sku"
        if product is None:
            problems.append(
                FieldProblem(
                    field, "unknown_sku", f"The merchant has no product {sku!r}; create it first."
                )
            )
        elif product.kind == "bundle":
            problems.append(
                FieldProblem(
                    field,
                    "bundle_not_stocked",
                    f"{sku} is a bundle: it has no stock of its own; list its components.",
                )
            )
    return {sku: p.id for sku, p in found.items()}, problems


_DOMAIN_FIELDS = {
    ".package_id": ".label",
    ".parent_id": ".parent_label",
}


def _check_packing(merchant_id: int, draft: NoticeDraft) -> None:
    """Packages listed outer first, each once; lines in packages on the notice, each SKU once."""
    try:
        AdvanceNotice(
            notice_id="new",
            merchant_id=merchant_id,
            expected_on=None,
            lines=tuple(
                ExpectedLine(line.sku.strip(), line.quantity, _label(line.package_label))
                for line in draft.lines
            ),
            packages=tuple(
                InboundPackage(p.label.strip(), p.kind, _label(p.parent_label))
                for p in draft.packages
            ),
        )
    except InvalidReceipt as error:
        field = error.field or "lines"
        if field.startswith("lines["):
            field = field.replace(".package_id", ".package_label")
        for domain_name, ours in _DOMAIN_FIELDS.items():
            field = field.replace(domain_name, ours)
        raise NoticeInvalid([FieldProblem(field, error.code, error.message)]) from error


def _label(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def _new_notice(principal: Principal, draft: NoticeDraft, product_ids: dict[str, int]) -> NewNotice:
    return NewNotice(
        reference=draft.reference.strip(),
        location_id=draft.location_id,
        destination=draft.destination,
        expected_at=draft.expected_at,
        note=(draft.note or "").strip() or None,
        created_by_user_id=principal.user_id,
        packages=tuple(
            NewPackage(p.label.strip(), p.kind, _label(p.parent_label)) for p in draft.packages
        ),
        lines=tuple(
            NewLine(product_ids[line.sku.strip()], line.quantity, _label(line.package_label))
            for line in draft.lines
        ),
    )
