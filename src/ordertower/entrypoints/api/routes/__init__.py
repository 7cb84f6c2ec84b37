"""Every API router, mounted under /api/v1. Add a new area's router here."""

from fastapi import APIRouter

from . import (
    channel_accounts,
    listings,
    locations,
    product_file,
    products,
    tenancy,
    warehouse_layout,
)

ROUTERS: list[APIRouter] = [
    tenancy.router,
    products.router,
    product_file.router,
    locations.router,
    warehouse_layout.router,
    channel_accounts.router,
    listings.router,
]
