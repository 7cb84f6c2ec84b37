"""The landing page: counters that say what needs doing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .auth import VisitorDep
from .pages import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, visitor: VisitorDep) -> HTMLResponse:
    counters: list[dict[str, object]] = []
    return render(request, "dashboard.html", visitor, counters=counters)
