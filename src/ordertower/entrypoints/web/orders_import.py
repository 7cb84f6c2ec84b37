"""The order CSV upload: choose the channel account, upload, see every problem by row and column.

The file is taken whole or not at all (services/orders/order_file); a taken file reports how many
orders were created, updated, left unchanged or rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from ordertower.domain.catalog import RowError
from ordertower.domain.errors import Conflict, InvalidInput, NotFound
from ordertower.domain.tenancy import Permission
from ordertower.services.channels import accounts
from ordertower.services.orders.order_file import (
    COLUMNS,
    REQUIRED,
    OrderFileInvalid,
    import_orders_csv,
)
from ordertower.services.orders.records import PayloadOutcome

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .channels import vault_of
from .forms import page_of
from .pages import PageRoute, Visitor, flash_redirect, render
from .products import _file_problem, _uploaded_text
from .receiving import merchant_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/orders/import")
def import_page(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    visitor.principal.require(Permission.MANAGE_ORDERS, merchant_of(visitor))
    return _page(request, visitor, runtime, [])


@router.post("/orders/import")
async def import_file(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    channel_account_id: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    merchant_id = merchant_of(visitor)
    visitor.principal.require(Permission.MANAGE_ORDERS, merchant_id)
    name = file.filename if file is not None else None
    chosen = channel_account_id.strip()
    if not chosen.isdigit():
        problem = _file_problem("channel_account_required", "Choose the channel account.")
        return _page(request, visitor, runtime, [problem], filename=name, chosen=chosen)
    text, unreadable = await _uploaded_text(file)
    if unreadable is not None:
        return _page(request, visitor, runtime, [unreadable], filename=name, chosen=chosen)
    try:
        results = await run_in_threadpool(
            import_orders_csv,
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            channel_account_id=int(chosen),
            text=text,
        )
    except OrderFileInvalid as invalid:
        return _page(request, visitor, runtime, invalid.errors, filename=name, chosen=chosen)
    except (InvalidInput, NotFound, Conflict) as error:  # unknown/inactive account, empty file
        problem = _file_problem(error.code, error.message)
        return _page(request, visitor, runtime, [problem], filename=name, chosen=chosen)
    counted = dict.fromkeys(PayloadOutcome, 0)
    for r in results:
        counted[r.outcome] += 1
    created, rejected = counted[PayloadOutcome.CREATED], counted[PayloadOutcome.REJECTED]
    updated = counted[PayloadOutcome.UPDATED] + counted[PayloadOutcome.FLAGGED]
    unchanged = len(results) - created - updated - rejected
    return flash_redirect(
        "/orders",
        f"Imported {name or 'the file'}: {created} order(s) created, {updated} updated, "
        f"{unchanged} unchanged" + (f", {rejected} rejected." if rejected else "."),
        level="warning" if rejected else "success",
    )


def _page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    errors: Sequence[RowError | dict[str, Any]],
    *,
    filename: str | None = None,
    chosen: str = "",
) -> HTMLResponse:
    found = accounts.list_channel_accounts(
        runtime.uow(),
        vault_of(runtime),
        principal=visitor.principal,
        merchant_id=merchant_of(visitor),
        page=page_of(None, limit=500),
    )
    return render(
        request,
        "orders/import.html",
        visitor,
        status_code=422 if errors else 200,
        errors=errors,
        filename=filename,
        chosen=chosen,
        account_options=[(str(a.id), f"{a.name} ({a.kind})") for a in found.items if a.active],
        columns=COLUMNS,
        required=REQUIRED,
    )
