"""Every table, imported so `metadata` knows them all (migrations compare against it)."""

from . import catalog, channels, locations, tenancy
from .base import metadata

__all__ = ["catalog", "channels", "locations", "metadata", "tenancy"]
