"""Every table, imported so `metadata` knows them all (migrations compare against it)."""

from . import tenancy
from .base import metadata

__all__ = ["metadata", "tenancy"]
