"""The ship-to phone: kept (tidied) on the address, a contact detail rather than a place."""

import dataclasses
import datetime as dt

from orders_examples import PLACED, order

from ordertower.domain.orders import (
    ON_THE_FLOOR,
    Address,
    OrderPart,
    OrderState,
    UpdateAction,
    changed_parts,
    decide_update,
    tidy_address,
)


def _with_phone(phone: str, **changes):
    stored = order(**changes)
    return dataclasses.replace(stored, ship_to=dataclasses.replace(stored.ship_to, phone=phone))


def test_the_phone_is_tidied_and_kept_out_of_repr():
    address = tidy_address(Address(name="Ada", phone="  +1  217 555 0100 "))
    assert address.phone == "+1 217 555 0100"
    assert "555" not in repr(address)
    assert address.place.phone == ""
    assert address.place.name == "Ada"


def test_a_new_phone_alone_is_a_customer_change():
    stored = _with_phone("555-0100")
    incoming = _with_phone("555-0199", channel_updated_at=PLACED + dt.timedelta(hours=1))
    assert changed_parts(stored, incoming) == {OrderPart.CUSTOMER}


def test_a_new_phone_on_the_floor_is_stored_without_stopping_the_floor():
    stored = _with_phone("555-0100")
    incoming = _with_phone("555-0199", channel_updated_at=PLACED + dt.timedelta(hours=1))
    for state in [*ON_THE_FLOOR, OrderState.ALLOCATED]:
        decision = decide_update(
            stored=stored, state=state, incoming=incoming, cancelled_by_channel=False
        )
        assert (decision.action, decision.store) == (UpdateAction.APPLY, True)
