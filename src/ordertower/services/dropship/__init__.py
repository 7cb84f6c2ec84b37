"""Dropship: orders a vendor ships from its own stock — request, send the purchase order, record
the vendor's shipment, tell the channel."""
