import pytest

from ordertower.domain.exception_queue import ExceptionReason as ReceivingOrCountReason
from ordertower.domain.orders import (
    ORDER_TRANSITIONS,
    PARKS_IN,
    RESOLVE_ACTIONS,
    OrderExceptionReason,
    OrderState,
    ResolveAction,
    ResolveActionNotAllowed,
    check_resolve_action,
)

R, A, S = OrderExceptionReason, ResolveAction, OrderState


def test_every_reason_offers_resolve_actions_and_says_where_it_parks_the_order():
    assert set(RESOLVE_ACTIONS) == set(OrderExceptionReason)
    assert set(PARKS_IN) == set(OrderExceptionReason)
    assert all(RESOLVE_ACTIONS[reason] for reason in OrderExceptionReason)


def test_every_resolve_action_is_offered_somewhere():
    offered = {action for actions in RESOLVE_ACTIONS.values() for action in actions}

    assert offered == set(ResolveAction)


def test_order_reasons_never_repeat_receiving_or_count_reasons():
    assert not {str(r) for r in OrderExceptionReason} & {str(r) for r in ReceivingOrCountReason}


def test_a_parked_order_can_always_go_back_to_the_pipeline_or_be_cancelled():
    for state in {s for s in PARKS_IN.values() if s is not None}:
        assert {S.RECEIVED, S.CANCELLED} <= ORDER_TRANSITIONS[state]


def test_a_received_order_can_be_parked_for_every_pipeline_reason():
    for reason in (R.UNMAPPED_LISTING, R.BLOCKED_SKU, R.INVALID_ADDRESS, R.UNUSUAL_BUNDLE):
        assert PARKS_IN[reason] in ORDER_TRANSITIONS[S.RECEIVED]
    assert PARKS_IN[R.INSUFFICIENT_STOCK] is S.BACKORDERED


def test_risks_and_changes_after_shipment_only_flag_the_order():
    assert PARKS_IN[R.SHIP_BY_AT_RISK] is None
    assert PARKS_IN[R.CHANGED_AFTER_SHIPMENT] is None


@pytest.mark.parametrize(
    ("reason", "action"),
    [
        (R.UNMAPPED_LISTING, A.MAP_LISTING_AND_RETRY),
        (R.INVALID_ADDRESS, A.CORRECT_ADDRESS),
        (R.MANUAL_HOLD, A.RELEASE_HOLD),
        (R.INSUFFICIENT_STOCK, A.ALLOCATE_FROM_ANOTHER_LOCATION),
        (R.INSUFFICIENT_STOCK, A.SPLIT),
        (R.SHORT_PICK, A.CANCEL),
    ],
)
def test_the_usual_fix_for_each_reason_is_offered(reason, action):
    check_resolve_action(reason, action)


def test_an_action_the_reason_does_not_offer_is_refused_with_the_alternatives():
    with pytest.raises(ResolveActionNotAllowed) as refused:
        check_resolve_action(R.INVALID_ADDRESS, A.RELEASE_HOLD)

    assert refused.value.code == "resolve_action_not_allowed"
    assert "correct_address, cancel" in refused.value.message


def test_a_shipped_order_cannot_be_cancelled_from_the_queue():
    with pytest.raises(ResolveActionNotAllowed):
        check_resolve_action(R.CHANGED_AFTER_SHIPMENT, A.CANCEL)
