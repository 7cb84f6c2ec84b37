"""Every API router, mounted under /api/v1. Add a new area's router here."""

from fastapi import APIRouter

from . import tenancy

ROUTERS: list[APIRouter] = [
    tenancy.router,
]
