"""Every table, imported so `metadata` knows them all (migrations compare against it)."""

from . import (
    catalog,
    channels,
    counts,
    dropship,
    exception_items,
    fulfillment,
    inventory,
    locations,
    orders,
    receiving,
    tenancy,
)
from .base import metadata

__all__ = [
    "catalog",
    "channels",
    "counts",
    "dropship",
    "exception_items",
    "fulfillment",
    "inventory",
    "locations",
    "metadata",
    "orders",
    "receiving",
    "tenancy",
]
