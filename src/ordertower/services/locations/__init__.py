"""Locations: warehouses, virtual locations (FBA networks, dropship vendors), zones and bins."""
