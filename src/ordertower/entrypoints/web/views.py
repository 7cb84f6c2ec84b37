"""Web UI routes (server-rendered Jinja2 + htmx): every screen's router, mounted on the app."""

from __future__ import annotations

from fastapi import FastAPI

from . import (
    auth,
    channels,
    counts,
    dashboard,
    dropship,
    fulfillment,
    fulfillment_station,
    inventory,
    listings,
    locations,
    order_exceptions,
    orders,
    orders_import,
    products,
    receiving,
    routing,
    warehouse_layout,
)


def install(app: FastAPI) -> None:
    """Mount the web UI on the app."""
    app.add_exception_handler(auth.NeedsLogin, auth.redirect_to_login)
    app.add_exception_handler(auth.CsrfRejected, auth.refuse_csrf)
    for router in (
        auth.router,
        dashboard.router,
        products.router,
        inventory.router,
        locations.router,
        warehouse_layout.router,
        channels.router,
        listings.router,
        receiving.router,
        routing.router,
        counts.router,
        orders_import.router,
        orders.router,
        order_exceptions.router,
        fulfillment.router,
        fulfillment_station.router,
        dropship.router,
    ):
        app.include_router(router)
