"""Product pages: the list with live search, one product, the CSV import (with its error report)
and the CSV export of the current merchant's catalog."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ordertower.domain.catalog import PRODUCT_CSV_COLUMNS, ProductFileInvalid, RowError
from ordertower.domain.errors import InvalidInput, NotFound
from ordertower.domain.tenancy import Permission
from ordertower.services.catalog import blocking, product_file, products
from ordertower.services.catalog.ports import ProductKind, ProductQuery

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import cursor_links, form_errors, page_of
from .pages import PageRoute, Visitor, flash_redirect, render
from .product_view import detail_of, row_of

router = APIRouter(include_in_schema=False, route_class=PageRoute)

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
PAGE_SIZE = 50
BLOCKED_CHOICES = {"blocked": True, "active": False}


def _merchant_id(visitor: Visitor) -> int:
    if visitor.merchant is None:
        raise NotFound("No merchant is chosen.", field="merchant_id")
    return visitor.merchant_id


def counters(runtime: Any, visitor: Visitor) -> list[dict[str, object]]:
    """The dashboard's product counter for the current merchant."""
    if visitor.merchant is None:
        return []
    count = products.count_products(
        runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id
    )
    return [{"label": "Products", "value": count, "href": "/products"}]


@router.get("/products")
def product_list(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    q: str = "",
    status: str = "",
    kind: str = "",
    cursor: str | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {"q": q, "status": status, "kind": kind, "rows": [], "pages": None}
    if visitor.merchant is not None:
        query = ProductQuery(
            text=q[:200],
            blocked=BLOCKED_CHOICES.get(status),
            kind=ProductKind(kind) if kind in tuple(ProductKind) else None,
        )
        found = products.search_products(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            query=query,
            page=page_of(cursor, limit=PAGE_SIZE),
        )
        context |= {"rows": [row_of(p) for p in found.items], "pages": cursor_links(request, found)}
    live = request.headers.get("hx-request") and not request.headers.get(
        "hx-history-restore-request"
    )
    template = "products/_results.html" if live else "products/list.html"
    return render(
        request,
        template,
        visitor,
        may_manage=visitor.principal.may(Permission.MANAGE_CATALOG),
        searched=bool(q or status or kind),
        **context,
    )


@router.get("/products/by-sku")
def product_by_sku(visitor: VisitorDep, runtime: RuntimeDep, sku: str = "") -> Response:
    product = products.get_product_by_sku(
        runtime.uow(), principal=visitor.principal, merchant_id=_merchant_id(visitor), sku=sku
    )
    return RedirectResponse(f"/products/{product.id}", status_code=303)


@router.get("/products/{product_id:int}")
def product_detail(
    request: Request, product_id: int, visitor: VisitorDep, runtime: RuntimeDep
) -> HTMLResponse:
    return _detail_page(request, visitor, runtime, product_id)


def _detail_page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    product_id: int,
    *,
    errors: Any = None,
    status_code: int = 200,
) -> HTMLResponse:
    product = products.get_product(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=_merchant_id(visitor),
        product_id=product_id,
    )
    return render(
        request,
        "products/detail.html",
        visitor,
        status_code=status_code,
        product=detail_of(product),
        may_manage=visitor.principal.may(Permission.MANAGE_CATALOG),
        errors=errors,
    )


@router.post("/products/{product_id:int}/block")
def block(
    request: Request,
    product_id: int,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        product = blocking.block_product(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=_merchant_id(visitor),
            product_id=product_id,
            reason=reason,
        )
    except InvalidInput as error:
        errors = form_errors(error)
        return _detail_page(
            request, visitor, runtime, product_id, errors=errors, status_code=errors.status_code
        )
    return flash_redirect(f"/products/{product_id}", f"{product.sku} is blocked.")


@router.post("/products/{product_id:int}/unblock")
def unblock(product_id: int, visitor: VisitorDep, runtime: RuntimeDep) -> Response:
    product = blocking.unblock_product(
        runtime.uow(),
        principal=visitor.principal,
        merchant_id=_merchant_id(visitor),
        product_id=product_id,
    )
    return flash_redirect(f"/products/{product_id}", f"{product.sku} is no longer blocked.")


@router.get("/products/import")
def import_page(request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.principal.require(Permission.MANAGE_CATALOG, _merchant_id(visitor))
    return _import_page(request, visitor, [])


def _import_page(
    request: Request,
    visitor: Visitor,
    errors: Sequence[RowError | dict[str, Any]],
    *,
    filename: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "products/import.html",
        visitor,
        status_code=status_code,
        errors=errors,
        filename=filename,
        columns=PRODUCT_CSV_COLUMNS,
    )


@router.post("/products/import")
async def import_file(
    request: Request,
    visitor: VisitorDep,
    runtime: RuntimeDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    merchant_id = _merchant_id(visitor)
    visitor.principal.require(Permission.MANAGE_CATALOG, merchant_id)
    name = file.filename if file is not None else None
    text, problem = await _uploaded_text(file)
    if problem is not None:
        return _import_page(request, visitor, [problem], filename=name, status_code=422)
    try:
        report = await run_in_threadpool(
            product_file.import_products_csv,
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=merchant_id,
            text=text,
        )
    except ProductFileInvalid as invalid:
        return _import_page(request, visitor, list(invalid.errors), filename=name, status_code=422)
    created, updated = len(report.created), len(report.updated)
    return flash_redirect(
        "/products",
        f"Imported {name or 'the file'}: {created} product(s) created, {updated} updated.",
    )


def _file_problem(code: str, message: str) -> dict[str, Any]:
    """A problem with the file as a whole (no row), in the shape the problem list shows."""
    return {"row": None, "column": "", "code": code, "message": message}


async def _uploaded_text(file: UploadFile | None) -> tuple[str, dict[str, Any] | None]:
    if file is None or not file.filename:
        return "", _file_problem("no_file", "Choose a CSV file to upload.")
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        message = f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; split it."
        return "", _file_problem("file_too_large", message)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        message = "The file is not UTF-8 text; save it as “CSV UTF-8” and upload it again."
        return "", _file_problem("file_not_utf8", message)


@router.get("/products/export")
def export_file(visitor: VisitorDep, runtime: RuntimeDep) -> StreamingResponse:
    merchant_id = _merchant_id(visitor)
    chunks = product_file.export_products_csv(
        runtime.uow(), principal=visitor.principal, merchant_id=merchant_id
    )
    code = str(getattr(visitor.merchant, "code", merchant_id))
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="products-{code}.csv"'},
    )
