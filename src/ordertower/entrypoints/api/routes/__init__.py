"""Every API router, mounted under /api/v1. Add a new area's router here."""

from fastapi import APIRouter

from . import (
    channel_accounts,
    count_sheets,
    dropship,
    exception_items,
    inbound_notices,
    inventory,
    inventory_changes,
    listings,
    locations,
    order_exceptions,
    orders,
    packing,
    product_file,
    products,
    receipts,
    routing_policy,
    shipments,
    tenancy,
    warehouse_layout,
    waves,
)

ROUTERS: list[APIRouter] = [
    tenancy.router,
    products.router,
    product_file.router,
    locations.router,
    warehouse_layout.router,
    channel_accounts.router,
    listings.router,
    inventory.router,
    inventory_changes.router,
    inbound_notices.router,
    receipts.router,
    routing_policy.router,
    count_sheets.router,
    exception_items.router,
    orders.router,
    order_exceptions.router,
    waves.router,
    packing.router,
    shipments.router,
    dropship.router,
]
