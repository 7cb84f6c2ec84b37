"""Every table, imported so `metadata` knows them all (migrations compare against it)."""

from . import catalog, channels, inventory, locations, tenancy
from .base import metadata

__all__ = ["catalog", "channels", "inventory", "locations", "metadata", "tenancy"]
