import datetime as dt

import pytest

from ordertower.domain.inventory import (
    BalanceBook,
    BalanceKey,
    CountLine,
    CountSheet,
    InvalidCountSheet,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    ReasonCode,
    Reference,
    ReferenceKind,
    count_corrections,
    count_variances,
)

EAST = 1
A01 = 11
B09 = 29

S = InventoryStatus
EXPIRES = dt.date(2027, 3, 31)


def key(sku, status=S.SELLABLE, *, bin_id=A01, lot=None, expires_on=None):
    return BalanceKey(7, sku, EAST, bin_id, status, lot, expires_on)


def sheet(*lines, complete=False):
    return CountSheet(
        count_id="CC-42",
        merchant_id=7,
        location_id=EAST,
        bin_id=A01,
        lines=lines,
        complete=complete,
    )


def test_finding_fewer_units_than_the_books_adjusts_the_balance_down():
    (correction,) = count_corrections(sheet(CountLine("TEE", 3)), {key("TEE"): 5}, actor="user:3")

    assert correction.kind is MovementKind.ADJUSTMENT
    assert correction.reason is ReasonCode.COUNT_CORRECTION
    assert correction.reference == Reference(ReferenceKind.COUNT, "CC-42")
    assert (correction.from_key, correction.to_key, correction.quantity) == (key("TEE"), None, 2)
    assert correction.note == "counted 3, books had 5"


def test_finding_more_units_than_the_books_adjusts_the_balance_up():
    (correction,) = count_corrections(sheet(CountLine("TEE", 8)), {key("TEE"): 5}, actor="user:3")

    assert (correction.from_key, correction.to_key, correction.quantity) == (None, key("TEE"), 3)


def test_a_count_that_matches_the_books_changes_nothing():
    assert count_corrections(sheet(CountLine("TEE", 5)), {key("TEE"): 5}, actor="user:3") == ()


def test_a_sku_the_books_never_had_in_the_bin_is_added():
    (variance,) = count_variances(sheet(CountLine("CAP", 2)), {key("TEE"): 5})

    assert (variance.key, variance.system, variance.counted) == (key("CAP"), 0, 2)


def test_a_partial_count_leaves_skus_it_did_not_list_alone():
    assert count_variances(sheet(CountLine("TEE", 5)), {key("TEE"): 5, key("CAP"): 4}) == ()


def test_a_blind_full_bin_count_zeroes_whatever_it_did_not_find():
    (variance,) = count_variances(
        sheet(CountLine("TEE", 5), complete=True), {key("TEE"): 5, key("CAP"): 4}
    )

    assert (variance.key, variance.difference) == (key("CAP"), -4)


def test_each_pool_and_lot_in_the_bin_is_counted_on_its_own_line():
    lot = key("TEE", lot="L7", expires_on=EXPIRES)
    held = key("TEE", S.HOLD)
    counted = sheet(
        CountLine("TEE", 5),
        CountLine("TEE", 1, S.HOLD),
        CountLine("TEE", 4, lot="L7", expires_on=EXPIRES),
    )

    variances = count_variances(counted, {key("TEE"): 5, held: 2, lot: 3})

    assert [(v.key, v.difference) for v in variances] == [(held, -1), (lot, 1)]


def test_corrections_come_in_a_stable_order_with_stable_idempotency_keys():
    counted = sheet(CountLine("TEE", 1), CountLine("CAP", 1), complete=True)
    books = {key("MUG"): 2, key("TEE"): 3, key("CAP"): 5}

    first = count_corrections(counted, books, actor="user:3")
    again = count_corrections(counted, dict(reversed(books.items())), actor="user:3")

    assert first == again
    assert [c.sku for c in first] == ["CAP", "MUG", "TEE"]
    assert len({c.idempotency_key for c in first}) == 3


def test_posting_the_corrections_makes_the_books_match_the_count():
    book = BalanceBook()
    counted = sheet(CountLine("TEE", 2), CountLine("CAP", 6), complete=True)
    books = {key("TEE"): 5, key("MUG"): 1}
    for balance_key, on_hand in books.items():
        book.post(
            MovementRequest(
                merchant_id=7,
                sku=balance_key.sku,
                kind=MovementKind.RECEIPT,
                quantity=on_hand,
                from_place=None,
                to_place=balance_key.place,
                reference=Reference(ReferenceKind.RECEIPT, "R-1"),
                idempotency_key=f"rcv-{balance_key.sku}",
                actor="user:3",
            )
        )

    for correction in count_corrections(counted, books, actor="user:3"):
        book.post(correction)

    assert {k.sku: units for k, units in book.balances().items()} == {
        "TEE": 2,
        "CAP": 6,
    }
    assert book.verify() == []


def test_a_line_counted_twice_is_refused():
    with pytest.raises(InvalidCountSheet) as refused:
        sheet(CountLine("TEE", 1), CountLine("TEE", 2))

    assert refused.value.field == "lines[1].sku"


@pytest.mark.parametrize("counted", [-1, True, 2.5])
def test_a_count_is_a_whole_number_of_at_least_zero(counted):
    with pytest.raises(InvalidCountSheet) as refused:
        sheet(CountLine("TEE", counted))

    assert refused.value.field == "lines[0].counted"


def test_balances_from_another_bin_are_refused():
    with pytest.raises(InvalidCountSheet):
        count_variances(sheet(CountLine("TEE", 1)), {key("TEE", bin_id=B09): 5})


def test_a_count_needs_an_id_to_cite():
    with pytest.raises(InvalidCountSheet):
        CountSheet(
            count_id=" ",
            merchant_id=7,
            location_id=EAST,
            bin_id=A01,
            lines=(),
            complete=True,
        )
