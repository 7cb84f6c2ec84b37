from decimal import Decimal

from orders_examples import draft, line, order

from ordertower.domain.orders import CustomerContact, OrderKey


def test_a_customer_contact_never_shows_its_personal_data_in_a_repr():
    contact = CustomerContact(name="Alex Tester", email="alex@example.com", phone="5555550100")

    shown = f"{contact!r} {contact} {[contact]}"

    for secret in ("Alex", "alex@", "example.com", "5555550100", "0100"):
        assert secret not in shown
    assert "email='***'" in shown


def test_a_masked_contact_still_shows_which_details_are_missing():
    assert repr(CustomerContact(email="a@b.c")) == "CustomerContact(name='', email='***', phone='')"


def test_an_order_can_be_logged_without_leaking_the_customer():
    shown = repr(order())

    for secret in ("Alex Tester", "100 Sample Street", "Apt 4", "relay.walmart.com", "5555550100"):
        assert secret not in shown
    assert "62701" in shown  # postal code, region and country stay visible for routing


def test_the_order_key_is_merchant_account_and_external_id():
    assert order().key == OrderKey(7, 3, "108000000000001")


def test_the_order_value_is_the_sum_of_its_lines():
    placed = order(
        lines=(
            line("1", quantity=2, unit_price=Decimal("17.99")),
            line("2", channel_sku="CAP", quantity=3, unit_price=Decimal("0.10")),
        )
    )

    assert placed.total == Decimal("36.28")
    assert placed.units == 5
    assert placed.currency == "USD"


def test_two_captures_of_the_same_order_are_equal():
    assert order() == order()
    assert order() != order(tags=("retail",))
    assert draft() == draft()
