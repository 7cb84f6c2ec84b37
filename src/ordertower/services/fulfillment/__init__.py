"""Fulfillment use cases: release waves, scan at the station, pack, label and confirm shipment."""
