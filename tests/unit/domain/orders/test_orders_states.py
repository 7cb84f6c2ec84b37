import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.errors import IllegalTransition
from ordertower.domain.orders import (
    AFTER_SHIPMENT,
    FINAL,
    ON_THE_FLOOR,
    ORDER_TRANSITIONS,
    UNSHIPPED,
    IllegalOrderTransition,
    OrderState,
    allowed_transitions,
    check_transition,
)

S = OrderState
MOVES = sorted((src, dst) for src, dsts in ORDER_TRANSITIONS.items() for dst in dsts)
NOT_MOVES = sorted(
    (src, dst) for src in OrderState for dst in OrderState if dst not in ORDER_TRANSITIONS[src]
)


def test_the_transition_table_says_where_every_state_may_go():
    assert set(ORDER_TRANSITIONS) == set(OrderState)


def test_the_happy_path_is_allowed_step_by_step():
    path = [S.RECEIVED, S.ALLOCATED, S.RELEASED, S.PICKING, S.PACKED, S.SHIPPED]
    for src, dst in itertools.pairwise(path):
        check_transition(src, dst)


@pytest.mark.parametrize("parked", [S.NEEDS_ATTENTION, S.BACKORDERED, S.ON_HOLD])
def test_the_pipeline_can_park_a_received_order_and_run_it_again_later(parked):
    check_transition(S.RECEIVED, parked)
    check_transition(parked, S.RECEIVED)


@pytest.mark.parametrize("state", sorted(ON_THE_FLOOR))
def test_an_order_on_the_floor_never_goes_straight_back_to_the_pipeline(state):
    with pytest.raises(IllegalOrderTransition):
        check_transition(state, S.RECEIVED)
    check_transition(state, S.ON_HOLD)


def test_a_dropship_order_ships_straight_from_released_because_the_vendor_picks_and_packs():
    check_transition(S.ALLOCATED, S.RELEASED)
    check_transition(S.RELEASED, S.SHIPPED)


def test_a_short_pick_parks_the_order_for_a_person():
    check_transition(S.PICKING, S.NEEDS_ATTENTION)


def test_a_partially_shipped_order_can_only_finish_shipping():
    assert allowed_transitions(S.PARTIALLY_SHIPPED) == {S.SHIPPED}


def test_shipped_and_cancelled_orders_are_final():
    assert {S.SHIPPED, S.CANCELLED} == FINAL


def test_only_orders_with_nothing_shipped_can_be_cancelled():
    assert set(OrderState) - AFTER_SHIPMENT - {S.CANCELLED} == UNSHIPPED


def test_a_refusal_names_both_states_and_what_is_allowed():
    with pytest.raises(IllegalOrderTransition) as refused:
        check_transition(S.PICKING, S.ALLOCATED)

    error = refused.value
    assert isinstance(error, IllegalTransition)
    assert error.code == "illegal_order_transition"
    assert error.field == "state"
    assert "picking" in error.message
    assert "allocated" in error.message
    assert "cancelled, needs_attention, on_hold, packed, partially_shipped" in error.message


def test_a_refusal_from_a_final_state_says_it_is_final():
    with pytest.raises(IllegalOrderTransition, match="shipped is final"):
        check_transition(S.SHIPPED, S.CANCELLED)


@given(st.sampled_from(OrderState), st.data())
def test_any_walk_through_the_table_is_accepted(start, data):
    state = start
    for _ in range(data.draw(st.integers(0, 30))):
        moves = sorted(ORDER_TRANSITIONS[state])
        if not moves:
            break
        nxt = data.draw(st.sampled_from(moves))
        check_transition(state, nxt)
        state = nxt


@given(st.sampled_from(NOT_MOVES))
def test_any_move_not_in_the_table_is_refused(move):
    src, dst = move
    with pytest.raises(IllegalOrderTransition):
        check_transition(src, dst)


def test_no_state_moves_to_itself():
    assert all(state not in ORDER_TRANSITIONS[state] for state in OrderState)


def test_every_state_is_reachable_from_received():
    seen, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        for nxt in ORDER_TRANSITIONS[frontier.pop()] - seen:
            seen.add(nxt)
            frontier.append(nxt)
    assert seen == set(OrderState)
    assert len(MOVES) + len(NOT_MOVES) == len(OrderState) ** 2
