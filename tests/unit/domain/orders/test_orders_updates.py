import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from orders_examples import PLACED, line, order

from ordertower.domain.orders import (
    AFTER_SHIPMENT,
    ON_THE_FLOOR,
    UNSHIPPED,
    Address,
    ChannelFlag,
    CustomerContact,
    OrderExceptionReason,
    OrderPart,
    OrderState,
    ServiceLevel,
    UpdateAction,
    UpdateForAnotherOrder,
    changed_parts,
    check_transition,
    decide_update,
)

S, A, P = OrderState, UpdateAction, OrderPart
STORED = order()
LATER = PLACED + dt.timedelta(hours=1)
NEW_ADDRESS = Address(
    name="Alex Tester", line1="9 Other Road", city="Peoria", region="IL", postal_code="61602",
    country="US",
)  # fmt: skip

VERSIONS = {
    P.LINES: {"lines": (line("1", quantity=3), line("2", channel_sku="CAP-RED", quantity=1))},
    P.SHIP_TO: {"ship_to": NEW_ADDRESS},
    P.SERVICE: {"service_level": ServiceLevel.NEXT_DAY},
    P.FLAGS: {"flags": {ChannelFlag.REPLACEMENT}},
    P.TAGS: {"tags": ("vip",)},
    P.DEADLINES: {"ship_by": PLACED + dt.timedelta(days=1)},
    P.CUSTOMER: {"customer": CustomerContact(email="new@relay.walmart.com")},
    P.DETAILS: {"channel_order_number": "200000000000999"},
}


def newer(**changes):
    return order(channel_updated_at=LATER, **changes)


def decide(state, incoming=None, *, cancelled=False):
    return decide_update(
        stored=STORED, state=state, incoming=incoming or newer(), cancelled_by_channel=cancelled
    )


@pytest.mark.parametrize("part", list(OrderPart))
def test_each_part_of_an_order_is_told_apart(part):
    assert changed_parts(STORED, newer(**VERSIONS[part])) == {part}


@pytest.mark.parametrize("state", list(OrderState))
def test_the_same_order_again_changes_nothing(state):
    decision = decide(state, order())

    assert decision.action is A.NOTHING_CHANGED
    assert not decision.store
    assert decision.next_state is None


def test_a_newer_timestamp_alone_is_not_a_change():
    assert decide(S.ALLOCATED, newer()).action is A.NOTHING_CHANGED


def test_an_older_version_arriving_late_is_ignored():
    stale = order(channel_updated_at=PLACED - dt.timedelta(minutes=5), tags=("old",))

    decision = decide(S.ALLOCATED, stale)

    assert decision.action is A.STALE
    assert not decision.store


@pytest.mark.parametrize("state", sorted(UNSHIPPED))
def test_a_cancellation_of_an_unshipped_order_cancels_it_and_releases_its_allocation(state):
    decision = decide(state, cancelled=True)

    assert decision.action is A.CANCEL
    assert decision.next_state is S.CANCELLED
    assert decision.release_allocations
    assert decision.recall_from_floor == (state in ON_THE_FLOOR)


@pytest.mark.parametrize("state", sorted(AFTER_SHIPMENT))
def test_a_cancellation_after_shipment_becomes_an_exception(state):
    decision = decide(state, cancelled=True)

    assert decision.action is A.RAISE_EXCEPTION
    assert decision.exception is OrderExceptionReason.CHANGED_AFTER_SHIPMENT
    assert not decision.store
    assert decision.next_state is None


def test_a_cancellation_of_a_cancelled_order_changes_nothing():
    assert decide(S.CANCELLED, cancelled=True).action is A.NOTHING_CHANGED


@pytest.mark.parametrize("part", [P.LINES, P.SHIP_TO, P.SERVICE, P.FLAGS, P.TAGS])
@pytest.mark.parametrize("state", [S.NEEDS_ATTENTION, S.ALLOCATED, S.BACKORDERED])
def test_a_change_routing_reads_before_release_runs_the_pipeline_again(part, state):
    decision = decide(state, newer(**VERSIONS[part]))

    assert decision.action is A.RERUN_PIPELINE
    assert decision.store
    assert decision.release_allocations
    assert decision.next_state is S.RECEIVED


def test_a_received_order_just_takes_the_new_version_into_the_pipeline():
    decision = decide(S.RECEIVED, newer(**VERSIONS[P.LINES]))

    assert decision.action is A.RERUN_PIPELINE
    assert decision.next_state is None


@pytest.mark.parametrize("part", [P.DEADLINES, P.CUSTOMER, P.DETAILS])
@pytest.mark.parametrize("state", [S.ALLOCATED, S.PICKING])
def test_a_change_of_details_is_stored_without_moving_the_order(part, state):
    decision = decide(state, newer(**VERSIONS[part]))

    assert decision.action is A.APPLY
    assert decision.store
    assert decision.next_state is None
    assert not decision.release_allocations


def test_a_held_order_stores_the_change_and_stays_held():
    decision = decide(S.ON_HOLD, newer(**VERSIONS[P.SHIP_TO]))

    assert decision.action is A.APPLY
    assert decision.next_state is None
    assert "until a person releases it" in decision.explanation


@pytest.mark.parametrize("state", sorted(ON_THE_FLOOR))
def test_a_change_on_the_floor_holds_the_order_for_a_person(state):
    decision = decide(state, newer(**VERSIONS[P.SHIP_TO]))

    assert decision.action is A.HOLD_FOR_REVIEW
    assert decision.next_state is S.ON_HOLD
    assert decision.exception is OrderExceptionReason.CHANGED_DURING_FULFILLMENT
    assert "ship_to" in decision.explanation


@pytest.mark.parametrize("part", list(OrderPart))
@pytest.mark.parametrize("state", sorted(AFTER_SHIPMENT))
def test_any_change_after_shipment_becomes_an_exception_never_a_silent_change(part, state):
    decision = decide(state, newer(**VERSIONS[part]))

    assert decision.action is A.RAISE_EXCEPTION
    assert decision.exception is OrderExceptionReason.CHANGED_AFTER_SHIPMENT
    assert not decision.store
    assert decision.next_state is None
    assert decision.changed == {part}


def test_a_cancelled_order_is_not_reopened_by_a_later_version():
    decision = decide(S.CANCELLED, newer(**VERSIONS[P.LINES]))

    assert decision.action is A.ORDER_CLOSED
    assert not decision.store


def test_an_update_for_another_order_is_refused():
    with pytest.raises(UpdateForAnotherOrder):
        decide(S.ALLOCATED, order(external_order_id="108000000000002"))


@given(
    state=st.sampled_from(OrderState),
    parts=st.sets(st.sampled_from(OrderPart)),
    cancelled=st.booleans(),
)
def test_every_decision_moves_the_order_only_as_the_transition_table_allows(
    state, parts, cancelled
):
    changes = {key: value for part in parts for key, value in VERSIONS[part].items()}

    decision = decide(state, newer(**changes), cancelled=cancelled)

    if decision.next_state is not None:
        check_transition(state, decision.next_state)
    if state in AFTER_SHIPMENT:
        assert not decision.store
    if decision.exception is not None:
        assert decision.action in {A.RAISE_EXCEPTION, A.HOLD_FOR_REVIEW}
    assert decision.changed == parts
