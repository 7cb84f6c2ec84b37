"""Receiving: advance notices, receipts at the dock by scan, discrepancies, putaway, dock-to-stock."""
