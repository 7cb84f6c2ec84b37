"""Request dependencies named once and used by every route: runtime, caller, merchant, page.

Those that do no I/O are `async def`: FastAPI runs a plain `def` dependency in its thread pool,
and each trip there and back costs more than the work itself. The caller's lookup reads the
database, so it stays a `def` (in the pool, off the event loop).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from ordertower.adapters.db.uow import SqlUnitOfWork
from ordertower.bootstrap import Runtime
from ordertower.domain.errors import Unauthenticated
from ordertower.domain.pagination import PageRequest, decode_cursor
from ordertower.domain.tenancy import Permission, Principal
from ordertower.services.tenancy import credentials


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_uow(runtime: RuntimeDep) -> SqlUnitOfWork:
    return runtime.uow()


UowDep = Annotated[SqlUnitOfWork, Depends(get_uow)]


def get_principal(request: Request, runtime: RuntimeDep) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret:
        raise Unauthenticated("Send an API token as 'Authorization: Bearer ot_…'.")
    return credentials.authenticate_token(runtime.uow(), secret=secret.strip())


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def merchant_scope(
    merchant_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="The merchant (tenant) id.")],
    principal: PrincipalDep,
) -> int:
    """The merchant in the path, checked against the caller (another tenant's id is a 404)."""
    principal.require(Permission.READ, merchant_id)
    return merchant_id


MerchantDep = Annotated[int, Depends(merchant_scope)]


async def page_request(
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page.")] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor from the previous page.")] = None,
) -> PageRequest:
    return PageRequest(limit=limit, after=decode_cursor(cursor))


PageDep = Annotated[PageRequest, Depends(page_request)]
