"""The statement unit of work: each statement commits as it runs (for single-statement use cases)."""

import pytest
from sqlalchemy import text

from ordertower.services.inventory.availability import recompute_availability


def _merchants(runtime) -> list[str]:
    with runtime.engine.connect() as c:
        return list(c.execute(text("SELECT code FROM merchants ORDER BY code")).scalars())


def test_a_statement_is_committed_when_it_has_run(runtime) -> None:
    before = _merchants(runtime)

    def insert_then_fail() -> None:
        with runtime.statement_uow() as uow:
            uow.connection.execute(text("INSERT INTO merchants (code, name) VALUES ('ONE', 'One')"))
            assert "ONE" in _merchants(runtime)  # seen from another connection at once
            raise RuntimeError("business rule broke after the statement")

    with pytest.raises(RuntimeError, match="business rule"):
        insert_then_fail()
    assert _merchants(runtime) == sorted([*before, "ONE"])  # a failure after it undoes nothing


def test_it_cannot_promise_a_rollback(runtime) -> None:
    with runtime.statement_uow() as uow, pytest.raises(RuntimeError, match="Nothing to roll back"):
        uow.rollback()


def test_the_per_product_recompute_stores_its_results_through_it(runtime, stockroom) -> None:
    """What the worker runs after every movement: one statement, committed as it runs."""
    s = stockroom
    product_id = s.products["SKU-A"]
    with runtime.engine.begin() as c:
        account = c.execute(
            text(
                "INSERT INTO channel_accounts (merchant_id, kind, name)"
                " VALUES (:m, 'shopify', 'S') RETURNING id"
            ),
            {"m": s.merchant_id},
        ).scalar_one()
        listing = c.execute(
            text(
                "INSERT INTO listings (merchant_id, channel_account_id, channel_sku, product_id)"
                " VALUES (:m, :a, 'A', :p) RETURNING id"
            ),
            {"m": s.merchant_id, "a": account, "p": product_id},
        ).scalar_one()
    stored = recompute_availability(
        runtime.statement_uow(), merchant_id=s.merchant_id, product_id=product_id
    )
    assert [r.listing_id for r in stored] == [listing]
    with runtime.engine.connect() as c:
        count = c.execute(
            text("SELECT count(*) FROM listing_availability WHERE listing_id = :l"), {"l": listing}
        ).scalar_one()
    assert count == 1
