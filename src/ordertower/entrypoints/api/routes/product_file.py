"""The product CSV file: import (all or nothing, upsert by SKU) and export (imports back unchanged).

Import takes the file as a `text/csv` body or as the `file` field of a multipart form. A valid file
answers 200 with the SKUs created and updated; an invalid one answers 422 with every error as
`errors: [{row, column, code, message}]` (row 1 is the header) and nothing is written.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ordertower.domain.catalog import ProductFileInvalid
from ordertower.domain.errors import InvalidInput
from ordertower.services.catalog import product_file

from ..deps import MerchantDep, PrincipalDep, RuntimeDep
from ..problems import problem

router = APIRouter(tags=["products"])

MAX_FILE_BYTES = 16 * 1024 * 1024
_FILE_BODY: dict[str, Any] = {
    "requestBody": {
        "description": "The product file (see the column list in the CSV documentation).",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


class ImportOut(BaseModel):
    created: int
    updated: int
    created_skus: list[str]
    updated_skus: list[str]


async def uploaded_text(request: Request) -> str:
    """The uploaded file as text: a text/csv body or the multipart `file` field, UTF-8."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidInput(
                    "Attach the CSV file in the form field named file.", field="file"
                )
            data = await upload.read(MAX_FILE_BYTES + 1)
    elif kind in ("text/csv", "text/plain", "application/octet-stream", "application/csv"):
        data = await request.body()
    else:
        raise InvalidInput(
            "Send the product file as a text/csv body or as the file field of a multipart form.",
            field="file",
        )
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it.", field="file"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            "The file is not UTF-8 text; save it as CSV UTF-8 and upload it again.", field="file"
        ) from error


def file_problem(error: ProductFileInvalid) -> JSONResponse:
    """422 with every error of the file by row and column."""
    return problem(
        422,
        error.code,
        error.message,
        field=error.field,
        errors=[
            {"row": e.row, "column": e.column, "code": e.code, "message": e.message}
            for e in error.errors
        ],
    )


@router.post(
    "/merchants/{merchant_id}/products/import",
    response_model=ImportOut,
    openapi_extra=_FILE_BODY,
    responses={422: {"description": "The file has errors (each by row and column)."}},
)
async def import_products(
    merchant_id: MerchantDep, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> ImportOut | JSONResponse:
    """Import a product file whole (upsert by SKU), or nothing when any row has an error."""
    text = await uploaded_text(request)
    try:
        report = await run_in_threadpool(
            product_file.import_products_csv,
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            text=text,
        )
    except ProductFileInvalid as error:
        return file_problem(error)
    return ImportOut(
        created=len(report.created),
        updated=len(report.updated),
        created_skus=list(report.created),
        updated_skus=list(report.updated),
    )


@router.get(
    "/merchants/{merchant_id}/products/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The product file."}},
)
def export_products(
    merchant_id: MerchantDep, runtime: RuntimeDep, principal: PrincipalDep
) -> StreamingResponse:
    """Every product of the merchant as a CSV file in SKU order (it imports back unchanged)."""
    chunks = product_file.export_products_csv(
        runtime.uow(), principal=principal, merchant_id=merchant_id
    )
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="products-{merchant_id}.csv"'},
    )
