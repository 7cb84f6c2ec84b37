"""Where receiving happens: the warehouse, its receiving bin, and the bins units are put away into."""

from __future__ import annotations

from ordertower.domain.errors import FieldProblem, InvalidInput
from ordertower.services.inventory.ports import BinRef
from ordertower.services.inventory.unit_of_work import InventoryUnitOfWork

from .unit_of_work import ReceivingUnitOfWork

# Zones units are never put away into: they are on the way in or on the way out.
NOT_FOR_STORAGE = frozenset({"receiving", "packing", "shipping"})


def warehouse_problems(
    uow: InventoryUnitOfWork, location_id: int, *, field: str
) -> list[FieldProblem]:
    """Goods arrive at an active warehouse (FBA networks and dropship vendors receive nothing)."""
    location = uow.inventory.locations([location_id]).get(location_id)
    if location is None or location.kind != "warehouse" or not location.active:
        return [
            FieldProblem(
                field,
                "unknown_warehouse",
                f"Location {location_id} is not an active warehouse; goods are received at "
                "warehouses.",
            )
        ]
    return []


def receiving_bin(uow: ReceivingUnitOfWork, location_id: int, bin_id: int | None) -> BinRef | None:
    """The bin received units land in: the one asked for, else the location's first receiving
    bin, else none (units land at the location without a bin)."""
    if bin_id is None:
        return uow.floor.first_receiving_bin(location_id)
    found = uow.inventory.bins([bin_id]).get(bin_id)
    field = "receiving_bin_id"
    if found is None or found.location_id != location_id:
        raise InvalidInput(f"Bin {bin_id} is not a bin of location {location_id}.", field=field)
    if found.zone_kind != "receiving":
        raise InvalidInput(
            f"Bin {found.code} is in a {found.zone_kind} zone; units land in a receiving bin.",
            field=field,
        )
    if not found.active:
        raise InvalidInput(f"Bin {found.code} is inactive.", field=field)
    return found


def storage_bin(uow: ReceivingUnitOfWork, location_id: int, barcode: str) -> BinRef:
    """The bin a scanned bin label names, checked as a place to put units away."""
    field = "bin"
    code = barcode.strip()
    if not code:
        raise InvalidInput("Scan the label of the bin the units go into.", field=field)
    found = uow.floor.bin_by_barcode(code)
    if found is None:
        raise InvalidInput(
            f"No bin has the barcode {code!r}; scan the bin label again.", field=field
        )
    if found.location_id != location_id:
        raise InvalidInput(
            f"Bin {found.code} is in another location than this receipt; use a bin here.",
            field=field,
        )
    if not found.active:
        raise InvalidInput(f"Bin {found.code} is inactive; choose another bin.", field=field)
    if found.zone_kind in NOT_FOR_STORAGE:
        raise InvalidInput(
            f"Bin {found.code} is in a {found.zone_kind} zone; put units away into a storage, "
            "pick, overflow, quarantine or prep bin.",
            field=field,
        )
    return found
