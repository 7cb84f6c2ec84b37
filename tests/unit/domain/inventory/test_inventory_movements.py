import datetime as dt

import pytest

from ordertower.domain.errors import InvalidInput
from ordertower.domain.inventory import (
    BalanceKey,
    InvalidMovement,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    ReasonCode,
    Reference,
    ReferenceKind,
    StatusChangeNotAllowed,
)

EAST = 1
WEST = 2
A01 = 11
A02 = 12
B02 = 22
DOCK = 90
QA1 = 91
RET = 92
DMG = 93

S = InventoryStatus
K = MovementKind
SELLABLE_A1 = Place(EAST, A01, S.SELLABLE)


def movement(**changes):
    fields = {
        "merchant_id": 7,
        "sku": "TEE-RED-M",
        "kind": K.RECEIPT,
        "quantity": 5,
        "from_place": None,
        "to_place": SELLABLE_A1,
        "reference": Reference(ReferenceKind.RECEIPT, "RCV-1"),
        "idempotency_key": "key-1",
        "actor": "user:3",
    }
    return MovementRequest(**(fields | changes))


def refused_field(**changes):
    with pytest.raises(InvalidMovement) as refused:
        movement(**changes)
    assert refused.value.code == "invalid_movement"
    return refused.value.field


def test_a_receipt_puts_units_at_its_place_and_takes_them_from_nowhere():
    request = movement()

    assert request.from_key is None
    assert request.to_key == BalanceKey(7, "TEE-RED-M", EAST, A01, S.SELLABLE)


@pytest.mark.parametrize("quantity", [0, -3, True, 1.5, 1_000_000_001])
def test_a_quantity_must_be_a_positive_whole_number(quantity):
    assert refused_field(quantity=quantity) == "quantity"


def test_an_invalid_movement_is_invalid_input_for_the_api():
    with pytest.raises(InvalidInput):
        movement(quantity=0)


@pytest.mark.parametrize("field", ["sku", "actor", "idempotency_key"])
def test_blank_required_text_is_refused_by_name(field):
    assert refused_field(**{field: "  "}) == field


@pytest.mark.parametrize("location_id", [0, -1, True])
def test_a_place_without_a_valid_location_id_is_refused_by_its_dotted_name(location_id):
    assert refused_field(to_place=Place(location_id, None, S.SELLABLE)) == "to_place.location_id"


def test_a_place_with_an_invalid_bin_id_is_refused_by_its_dotted_name():
    assert refused_field(to_place=Place(EAST, 0, S.SELLABLE)) == "to_place.bin_id"


def test_a_receipt_takes_units_from_nowhere():
    assert refused_field(from_place=SELLABLE_A1) == "from_place"


def test_a_receipt_needs_somewhere_to_put_the_units():
    assert refused_field(to_place=None) == "to_place"


def test_a_receipt_may_land_units_straight_in_fba_bound():
    movement(to_place=Place(EAST, DOCK, S.FBA_BOUND))


def test_a_receipt_cannot_land_units_in_return_pending():
    assert refused_field(to_place=Place(EAST, DOCK, S.RETURN_PENDING)) == "to_place.status"


def test_a_customer_return_lands_in_return_pending_only():
    returns = {"kind": K.RETURN_RECEIPT, "reference": Reference(ReferenceKind.RETURN, "RMA-9")}
    movement(**returns, to_place=Place(EAST, RET, S.RETURN_PENDING))

    assert refused_field(**returns) == "to_place.status"


def test_a_shipment_takes_units_and_puts_them_nowhere():
    shipment = {"kind": K.SHIPMENT, "from_place": SELLABLE_A1}

    assert movement(**shipment, to_place=None).to_key is None
    assert refused_field(**shipment) == "to_place"


def test_a_shipment_never_takes_units_on_hold():
    held = Place(EAST, A01, S.HOLD)

    assert refused_field(kind=K.SHIPMENT, from_place=held, to_place=None) == "from_place.status"


def test_an_adjustment_up_needs_a_reason_that_adds_units():
    assert refused_field(kind=K.ADJUSTMENT) == "reason"
    assert refused_field(kind=K.ADJUSTMENT, reason=ReasonCode.LOST) == "reason"
    movement(kind=K.ADJUSTMENT, reason=ReasonCode.FOUND)


def test_an_adjustment_down_needs_a_reason_that_removes_units():
    down = {"kind": K.ADJUSTMENT, "from_place": SELLABLE_A1, "to_place": None}

    assert refused_field(**down, reason=ReasonCode.FOUND) == "reason"
    movement(**down, reason=ReasonCode.THEFT)


@pytest.mark.parametrize("reason", [ReasonCode.COUNT_CORRECTION, ReasonCode.DATA_ENTRY_ERROR])
def test_corrections_may_go_either_way(reason):
    movement(kind=K.ADJUSTMENT, reason=reason)
    movement(kind=K.ADJUSTMENT, reason=reason, from_place=SELLABLE_A1, to_place=None)


def test_an_adjustment_goes_one_way_only():
    both = {"kind": K.ADJUSTMENT, "reason": ReasonCode.FOUND, "from_place": SELLABLE_A1}

    assert refused_field(**both) == "to_place"


def test_a_disposal_says_why_the_units_leave():
    disposal = {"kind": K.DISPOSAL, "from_place": Place(EAST, DMG, S.DAMAGED)}

    assert refused_field(**disposal, to_place=None) == "reason"
    movement(**disposal, to_place=None, reason=ReasonCode.RETURN_TO_VENDOR)


def test_a_transfer_moves_units_between_locations_in_the_same_pool():
    transfer = movement(
        kind=K.TRANSFER, from_place=SELLABLE_A1, to_place=Place(WEST, None, S.SELLABLE)
    )

    assert transfer.from_key.location_id == EAST
    assert transfer.to_key.location_id == WEST


def test_a_transfer_cannot_change_the_pool():
    held = Place(EAST, B02, S.HOLD)

    assert (
        refused_field(kind=K.TRANSFER, from_place=SELLABLE_A1, to_place=held) == "to_place.status"
    )


def test_a_transfer_must_go_somewhere_else():
    assert refused_field(kind=K.TRANSFER, from_place=SELLABLE_A1) == "to_place"


def test_moving_units_never_changes_their_lot_or_expiry():
    lot_a = Place(EAST, A01, S.SELLABLE, "L1", dt.date(2027, 1, 31))
    lot_b = Place(EAST, A02, S.SELLABLE, "L1", dt.date(2027, 2, 28))

    assert refused_field(kind=K.TRANSFER, from_place=lot_a, to_place=lot_b) == "to_place.lot"


def test_a_status_change_may_move_units_to_the_quarantine_area_of_the_same_location():
    quarantined = Place(EAST, QA1, S.QUARANTINE)

    movement(kind=K.STATUS_CHANGE, from_place=quarantined, to_place=SELLABLE_A1)


def test_a_status_change_stays_in_its_location():
    elsewhere = Place(WEST, A01, S.HOLD)

    assert refused_field(kind=K.STATUS_CHANGE, from_place=SELLABLE_A1, to_place=elsewhere) == (
        "to_place.location_id"
    )


def test_a_status_change_follows_the_transition_table():
    damaged = Place(EAST, A01, S.DAMAGED)

    with pytest.raises(StatusChangeNotAllowed):
        movement(kind=K.STATUS_CHANGE, from_place=damaged, to_place=SELLABLE_A1)


def test_putaway_moves_units_into_a_bin_of_the_same_location():
    dock = Place(EAST, DOCK, S.SELLABLE)
    putaway = {"kind": K.PUTAWAY, "from_place": dock}

    movement(**putaway)
    assert refused_field(**putaway, to_place=Place(EAST, None, S.SELLABLE)) == "to_place.bin_id"
    assert refused_field(**putaway, to_place=Place(WEST, A01, S.SELLABLE)) == (
        "to_place.location_id"
    )
