"""The landing page: counters that say what needs doing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..api.deps import RuntimeDep
from . import products
from .auth import VisitorDep
from .pages import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    counters: list[dict[str, object]] = [*products.counters(runtime, visitor)]
    return render(request, "dashboard.html", visitor, counters=counters)
