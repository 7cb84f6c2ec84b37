import pytest

from ordertower.domain.errors import IllegalTransition
from ordertower.domain.inventory import (
    ALLOCATABLE_FOR_ORDERS,
    STATUS_CHANGES,
    InventoryStatus,
    StatusChangeNotAllowed,
    allowed_status_changes,
    check_status_change,
)

S = InventoryStatus


def test_the_transition_table_says_where_every_pool_may_go():
    assert set(STATUS_CHANGES) == set(InventoryStatus)


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (S.QUARANTINE, S.SELLABLE),
        (S.SELLABLE, S.HOLD),
        (S.HOLD, S.SELLABLE),
        (S.SELLABLE, S.FBA_BOUND),
        (S.FBA_BOUND, S.IN_PREP),
        (S.IN_PREP, S.FBA_BOUND),
        (S.RETURN_PENDING, S.SELLABLE),
        (S.RETURN_PENDING, S.DAMAGED),
        (S.RETURN_PENDING, S.QUARANTINE),
        (S.RETURN_PENDING, S.IN_PREP),
        (S.DAMAGED, S.QUARANTINE),
    ],
)
def test_everyday_status_changes_are_allowed(src, dst):
    check_status_change(src, dst)


@pytest.mark.parametrize("src", [s for s in InventoryStatus if s is not S.DAMAGED])
def test_a_unit_can_become_damaged_from_any_other_pool(src):
    check_status_change(src, S.DAMAGED)


def test_damaged_units_go_through_quarantine_before_being_sold_again():
    with pytest.raises(StatusChangeNotAllowed) as refused:
        check_status_change(S.DAMAGED, S.SELLABLE)

    assert refused.value.code == "status_change_not_allowed"
    assert refused.value.field == "to_place.status"
    assert "quarantine" in refused.value.message


@pytest.mark.parametrize("src", list(InventoryStatus))
def test_only_a_return_receipt_puts_units_into_return_pending(src):
    with pytest.raises(StatusChangeNotAllowed):
        check_status_change(src, S.RETURN_PENDING)


@pytest.mark.parametrize("status", list(InventoryStatus))
def test_a_pool_cannot_change_into_itself(status):
    with pytest.raises(StatusChangeNotAllowed):
        check_status_change(status, status)


def test_a_refused_status_change_is_an_illegal_transition_for_the_api():
    with pytest.raises(IllegalTransition):
        check_status_change(S.QUARANTINE, S.FBA_BOUND)


def test_orders_allocate_from_the_sellable_pool_only():
    assert frozenset({S.SELLABLE}) == ALLOCATABLE_FOR_ORDERS


def test_the_allowed_changes_of_a_pool_are_listed_for_forms():
    assert allowed_status_changes(S.DAMAGED) == frozenset({S.QUARANTINE})
