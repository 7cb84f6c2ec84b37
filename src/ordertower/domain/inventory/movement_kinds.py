"""What kind of movement it is, and what kind of document caused it."""

from __future__ import annotations

from enum import StrEnum


class MovementKind(StrEnum):
    RECEIPT = "receipt"  # units arrive from a supplier: nothing is taken, `to` is where they land
    PUTAWAY = "putaway"  # from the receiving zone to a storage bin: same location, pool and lot
    TRANSFER = "transfer"  # between bins or locations: same pool and lot
    STATUS_CHANGE = "status_change"  # into another pool within one location (bin may change)
    ADJUSTMENT = "adjustment"  # books corrected, with a reason: up (`to` only), down (`from` only)
    SHIPMENT = "shipment"  # units leave to a customer or to Amazon: nothing is put anywhere
    RETURN_RECEIPT = "return_receipt"  # a customer return arrives: it lands in return_pending
    DISPOSAL = "disposal"  # units destroyed or sent back to the vendor, with a reason


class ReferenceKind(StrEnum):
    RECEIPT = "receipt"  # an inbound receipt (with or without an advance notice)
    ORDER = "order"  # a customer order
    SHIPMENT = "shipment"  # an outbound parcel or freight shipment
    RETURN = "return"  # a customer return (RMA)
    FBA_SHIPMENT = "fba_shipment"  # an Amazon FBA inbound shipment
    COUNT = "count"  # a cycle count sheet
    ADJUSTMENT = "adjustment"  # a manual adjustment, transfer or status change made by a person
