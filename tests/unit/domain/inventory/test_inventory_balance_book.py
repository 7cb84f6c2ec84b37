import datetime as dt

import pytest

from ordertower.domain.inventory import (
    BalanceBook,
    BalanceKey,
    IdempotencyKeyReused,
    InsufficientStock,
    InvalidMovement,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    PositionKey,
    ReasonCode,
    Reference,
    ReferenceKind,
    ReleaseExceedsAllocation,
    SellableStock,
    on_hand_from_movements,
    stock_violations,
)

EAST, WEST = 1, 2
S = InventoryStatus
K = MovementKind
A1 = Place(EAST, 11, S.SELLABLE)
A2 = Place(EAST, 12, S.SELLABLE)
HOLD_A1 = Place(EAST, 11, S.HOLD)
A1_KEY = BalanceKey.at(7, "TEE", A1)
A2_KEY = BalanceKey.at(7, "TEE", A2)
TEE_EAST = PositionKey(7, "TEE", EAST)
_keys = iter(range(1_000_000))


def request(kind, quantity, *, src=None, dst=None, merchant_id=7, key=None, reason=None):
    return MovementRequest(
        merchant_id=merchant_id,
        sku="TEE",
        kind=kind,
        quantity=quantity,
        from_place=src,
        to_place=dst,
        reference=Reference(ReferenceKind.ADJUSTMENT, "ADJ-1"),
        idempotency_key=key or f"k{next(_keys)}",
        actor="user:3",
        reason=reason,
    )


def receive(book, quantity, place=A1, **kwargs):
    return book.post(request(K.RECEIPT, quantity, dst=place, **kwargs))


def ship(quantity, place=A1):
    return request(K.SHIPMENT, quantity, src=place)


def test_a_receipt_raises_on_hand_and_is_recorded_in_the_ledger():
    book = BalanceBook()

    movement = receive(book, 5)

    assert book.on_hand(A1_KEY) == 5
    assert movement.position == 1
    assert list(book.movements) == [movement]


def test_a_transfer_moves_units_from_one_balance_to_another():
    book = BalanceBook()
    receive(book, 5)

    book.post(request(K.TRANSFER, 3, src=A1, dst=Place(WEST, 21, S.SELLABLE)))

    assert book.balances() == {A1_KEY: 2, BalanceKey(7, "TEE", WEST, 21, S.SELLABLE): 3}


def test_a_replayed_movement_is_a_no_op():
    book = BalanceBook()
    first = receive(book, 5, key="rcv-1")

    again = receive(book, 5, key="rcv-1")

    assert again == first
    assert book.on_hand(A1_KEY) == 5
    assert len(book.movements) == 1


def test_reusing_an_idempotency_key_for_a_different_movement_is_refused():
    book = BalanceBook()
    receive(book, 5, key="rcv-1")

    with pytest.raises(IdempotencyKeyReused) as refused:
        receive(book, 6, key="rcv-1")

    assert refused.value.field == "idempotency_key"
    assert book.on_hand(A1_KEY) == 5


def test_idempotency_keys_belong_to_one_merchant():
    book = BalanceBook()
    receive(book, 5, key="rcv-1")

    receive(book, 5, key="rcv-1", merchant_id=8)

    assert len(book.movements) == 2


def test_moving_more_units_than_the_balance_holds_is_refused_and_changes_nothing():
    book = BalanceBook()
    receive(book, 2)

    with pytest.raises(InsufficientStock) as refused:
        book.post(request(K.TRANSFER, 3, src=A1, dst=A2))

    assert "2 on hand" in refused.value.message
    assert book.balances() == {A1_KEY: 2}
    assert len(book.movements) == 1


def test_an_empty_balance_cannot_be_adjusted_below_zero():
    book = BalanceBook()

    with pytest.raises(InsufficientStock):
        book.post(request(K.ADJUSTMENT, 1, src=A1, reason=ReasonCode.LOST))


def test_a_position_is_the_sellable_stock_of_every_bin_at_the_location():
    book = BalanceBook()
    receive(book, 5)
    receive(book, 4, place=Place(EAST, 12, S.SELLABLE, "L1", dt.date(2027, 1, 1)))
    receive(book, 9, place=HOLD_A1)
    receive(book, 3, place=Place(WEST, 21, S.SELLABLE))

    assert book.position(TEE_EAST) == SellableStock(on_hand=9, allocated=0)


def test_allocating_reduces_available_but_not_on_hand():
    book = BalanceBook()
    receive(book, 5)

    book.allocate(TEE_EAST, 2)

    assert book.position(TEE_EAST) == SellableStock(on_hand=5, allocated=2)
    assert book.position(TEE_EAST).available == 3
    assert len(book.movements) == 1


def test_allocating_more_than_is_available_is_refused():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 4)

    with pytest.raises(InsufficientStock):
        book.allocate(TEE_EAST, 2)

    assert book.position(TEE_EAST).allocated == 4


def test_stock_outside_the_sellable_pool_can_never_be_allocated():
    book = BalanceBook()
    receive(book, 5, place=Place(EAST, 11, S.FBA_BOUND))
    receive(book, 5, place=HOLD_A1)

    with pytest.raises(InsufficientStock):
        book.allocate(TEE_EAST, 1)


def test_promised_units_cannot_leave_the_sellable_pool():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 4)

    with pytest.raises(InsufficientStock) as refused:
        book.post(request(K.STATUS_CHANGE, 2, src=A1, dst=HOLD_A1))

    assert "1 sellable units free" in refused.value.message
    book.post(request(K.STATUS_CHANGE, 1, src=A1, dst=HOLD_A1))
    assert book.position(TEE_EAST) == SellableStock(on_hand=4, allocated=4)


def test_promised_units_cannot_be_transferred_to_another_location():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 4)

    with pytest.raises(InsufficientStock):
        book.post(request(K.TRANSFER, 2, src=A1, dst=Place(WEST, 21, S.SELLABLE)))


def test_promised_units_may_move_between_bins_of_their_location():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 5)

    book.post(request(K.TRANSFER, 3, src=A1, dst=A2))

    assert book.balances() == {A1_KEY: 2, A2_KEY: 3}
    assert book.position(TEE_EAST) == SellableStock(on_hand=5, allocated=5)


def test_consuming_an_allocation_ships_the_units():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 3)

    movement = book.consume(ship(2))

    assert movement.consumes_allocation
    assert book.position(TEE_EAST) == SellableStock(on_hand=3, allocated=1)


def test_consuming_more_than_is_allocated_is_refused():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 1)

    with pytest.raises(InsufficientStock):
        book.consume(ship(2))


def test_a_shipment_takes_its_units_from_a_bin_that_holds_them():
    book = BalanceBook()
    receive(book, 1)
    receive(book, 4, place=A2)
    book.allocate(TEE_EAST, 3)

    with pytest.raises(InsufficientStock):
        book.consume(ship(2, place=A1))

    book.consume(ship(2, place=A2))
    assert book.position(TEE_EAST) == SellableStock(on_hand=3, allocated=1)


def test_only_a_sellable_shipment_consumes_an_allocation():
    book = BalanceBook()
    bound = Place(EAST, 11, S.FBA_BOUND)
    receive(book, 5, place=bound)

    with pytest.raises(InvalidMovement):
        book.consume(ship(1, place=bound))
    with pytest.raises(InvalidMovement):
        book.consume(request(K.TRANSFER, 1, src=A1, dst=A2))


def test_shipping_free_units_leaves_allocations_alone():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 3)

    book.post(ship(2))

    assert book.position(TEE_EAST) == SellableStock(on_hand=3, allocated=3)


def test_releasing_makes_units_available_again():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 3)

    book.release(TEE_EAST, 2)

    assert book.position(TEE_EAST).available == 4


def test_releasing_more_than_is_allocated_is_refused():
    book = BalanceBook()
    receive(book, 5)
    book.allocate(TEE_EAST, 1)

    with pytest.raises(ReleaseExceedsAllocation):
        book.release(TEE_EAST, 2)


@pytest.mark.parametrize("quantity", [0, -1, True])
def test_allocate_and_release_need_a_positive_quantity(quantity):
    book = BalanceBook()
    receive(book, 5)

    with pytest.raises(InvalidMovement):
        book.allocate(TEE_EAST, quantity)
    with pytest.raises(InvalidMovement):
        book.release(TEE_EAST, quantity)


def test_a_book_used_normally_verifies_clean():
    book = BalanceBook()
    receive(book, 10)
    book.post(request(K.TRANSFER, 4, src=A1, dst=A2))
    book.allocate(TEE_EAST, 3)
    book.consume(ship(2))

    assert book.verify() == []


def test_on_hand_is_the_sum_of_movements_in_minus_movements_out():
    book = BalanceBook()
    receive(book, 10)
    book.post(request(K.TRANSFER, 4, src=A1, dst=A2))

    assert on_hand_from_movements(book.movements) == {A1_KEY: 6, A2_KEY: 4}


def test_stock_violations_name_every_broken_invariant():
    assert stock_violations({A1_KEY: 5}, {TEE_EAST: SellableStock(5, 2)}) == []
    assert len(stock_violations({A1_KEY: -1}, {})) == 1
    assert len(stock_violations({}, {TEE_EAST: SellableStock(1, 2)})) == 1
    assert len(stock_violations({}, {TEE_EAST: SellableStock(1, -1)})) == 1


def test_the_sellable_feed_holds_one_merchants_positions_per_location():
    book = BalanceBook()
    receive(book, 5)
    receive(book, 4, place=A2)
    receive(book, 3, place=Place(WEST, 21, S.SELLABLE))
    receive(book, 9, place=Place(EAST, 94, S.QUARANTINE))
    receive(book, 8, merchant_id=8)
    book.allocate(TEE_EAST, 2)

    assert book.sellable_feed(7) == {
        EAST: {"TEE": SellableStock(on_hand=9, allocated=2)},
        WEST: {"TEE": SellableStock(on_hand=3, allocated=0)},
    }
