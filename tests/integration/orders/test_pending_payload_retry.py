"""Payloads whose processing failed stay pending and are processed later: nothing received is lost."""

from __future__ import annotations

from typing import Any

import pytest
from order_desk import Shop, open_shop
from typer.testing import CliRunner

from ordertower.entrypoints.cli.main import app as cli
from ordertower.entrypoints.workers import app as workers
from ordertower.services.inventory.verification import verify_inventory
from ordertower.services.orders import capture, payload_retry
from ordertower.services.orders.capture import capture_orders
from ordertower.services.orders.order_file import import_orders_csv
from ordertower.services.orders.order_json import read_json_order
from ordertower.services.orders.records import PayloadSource


@pytest.fixture
def shop(runtime) -> Shop:
    return open_shop(runtime)


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    yield
    assert [str(d) for d in verify_inventory(runtime.uow())] == []


def _raw(external_id: str, quantity: int = 2, updated: str = "2026-01-05T12:00:00Z") -> dict:
    return {
        "external_order_id": external_id,
        "placed_at": "2026-01-05T12:00:00Z",
        "channel_updated_at": updated,
        "ship_to": {
            "name": "Ada Lovelace",
            "line1": "12 Main St",
            "city": "Springfield",
            "region": "IL",
            "postal_code": "62701",
            "country": "US",
            "phone": "+1 217 555 0100",
        },
        "lines": [
            {
                "line_id": "1",
                "sku": "SKU-A",
                "quantity": quantity,
                "unit_price": 10,
                "currency": "USD",
            }
        ],
    }


def _send(shop: Shop, *raws: Any) -> list[capture.CaptureResult]:
    return capture_orders(
        shop.runtime.uow(),
        principal=shop.principal,
        merchant_id=shop.merchant_id,
        channel_account_id=shop.account_id,
        payloads=[read_json_order(raw, shop.merchant_id, shop.account_id) for raw in raws],
        source=PayloadSource.API,
    )


def _crash_after_storing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Processing dies after the payloads' own transaction committed (the pipeline raises)."""

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the process died")

    monkeypatch.setattr(capture, "run_pipeline", crash)


def _age(shop: Shop, seconds: int = 120) -> None:
    with shop.runtime.engine.begin() as c:
        c.exec_driver_sql(
            f"UPDATE order_payloads SET received_at = received_at - interval '{seconds} seconds'"
        )


def _payloads(shop: Shop) -> list[tuple[str | None, str, int | None]]:
    rows = shop.sql("SELECT external_order_id, outcome, order_id FROM order_payloads ORDER BY id")
    return [tuple(r) for r in rows]


def test_a_failure_between_the_two_transactions_is_retried_into_exactly_one_order(
    shop, runtime, monkeypatch
):
    shop.stock("SKU-A", 10)
    with monkeypatch.context() as patched:
        _crash_after_storing(patched)
        with pytest.raises(RuntimeError):
            _send(shop, _raw("P-1"), _raw("P-BAD", quantity=0))
        with pytest.raises(RuntimeError):  # a newer version of P-1, also lost in processing
            _send(shop, _raw("P-1", quantity=3, updated="2026-01-05T13:00:00Z"))
    assert _payloads(shop) == [("P-1", "pending", None), ("P-BAD", "pending", None),
                               ("P-1", "pending", None)]  # fmt: skip
    assert shop.sql("SELECT count(*) FROM orders")[0][0] == 0

    # Younger than a minute: maybe still in its first processing, left alone.
    assert payload_retry.retry_pending_payloads(runtime.uow).processed == 0
    _age(shop)
    with runtime.engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args)"
            " VALUES ('orders', 'orders.retry_pending_payloads', '{\"timestamp\": 0}')"
        )
    workers.drain(workers.build(runtime))

    [(order_id, state, units)] = shop.sql("SELECT id, state, units FROM orders")
    assert (state, units) == ("allocated", 3)  # created by the first, updated by the newer
    assert _payloads(shop) == [("P-1", "created", order_id), ("P-BAD", "rejected", None),
                               ("P-1", "updated", order_id)]  # fmt: skip
    [problems] = shop.sql("SELECT problems FROM order_payloads WHERE external_order_id = 'P-BAD'")
    assert [p["field"] for p in problems[0]] == ["lines[0].quantity"]
    assert shop.free("SKU-A") == (10, 3)
    assert shop.order_row(order_id).ship_to["phone"] == "+1 217 555 0100"
    # Run again: nothing pending, nothing changes.
    assert payload_retry.retry_pending_payloads(runtime.uow).processed == 0
    assert shop.sql("SELECT count(*) FROM orders")[0][0] == 1


def test_a_retried_payload_ends_as_its_first_processing_would_have(shop, runtime, monkeypatch):
    shop.stock("SKU-A", 10)
    first_time = _send(shop, _raw("Q-1"), {"external_order_id": "Q-2", "lines": "none"}, 42)
    with monkeypatch.context() as patched:
        _crash_after_storing(patched)
        with pytest.raises(RuntimeError):
            _send(shop, _raw("R-1"), {"external_order_id": "R-2", "lines": "none"}, 42)
    _age(shop)
    report = payload_retry.retry_pending_payloads(runtime.uow)
    assert report.outcomes == {"created": 1, "rejected": 2}
    assert report.failed == {}
    rows = shop.sql("SELECT outcome, problems FROM order_payloads ORDER BY id")
    assert [tuple(r) for r in rows[3:]] == [tuple(r) for r in rows[:3]]
    assert [r.outcome for r in first_time] == ["created", "rejected", "rejected"]


def test_a_csv_payload_is_read_again_from_its_stored_rows(shop, runtime, monkeypatch):
    shop.stock("SKU-A", 5)
    text = (
        "external_order_id,placed_at,ship_to_name,ship_to_line1,ship_to_city,ship_to_region,"
        "ship_to_postal_code,ship_to_country,ship_to_phone,sku,quantity,unit_price,currency\n"
        "C-1,2026-01-05T12:00:00Z,Ada,12 Main St,Springfield,IL,62701,US,555-0199,SKU-A,2,9.5,USD\n"
    )
    with monkeypatch.context() as patched:
        _crash_after_storing(patched)
        with pytest.raises(RuntimeError):
            import_orders_csv(
                runtime.uow(),
                principal=shop.principal,
                merchant_id=shop.merchant_id,
                channel_account_id=shop.account_id,
                text=text,
            )
    _age(shop)
    assert payload_retry.retry_pending_payloads(runtime.uow).outcomes == {"created": 1}
    [(state, ship_to)] = shop.sql("SELECT state, ship_to FROM orders")
    assert state == "allocated"
    assert ship_to["phone"] == "555-0199"


def test_one_payload_that_keeps_failing_does_not_hold_back_the_others(shop, runtime, monkeypatch):
    shop.stock("SKU-A", 10)
    with monkeypatch.context() as patched:
        _crash_after_storing(patched)
        with pytest.raises(RuntimeError):
            _send(shop, _raw("S-1"), _raw("S-POISON"), _raw("S-3"))
    _age(shop)
    reader = payload_retry.READERS[PayloadSource.API]

    def fails_on_poison(raw: Any, merchant_id: int, account_id: int) -> Any:
        if raw.get("external_order_id") == "S-POISON":
            raise ValueError("a bug in the reader")
        return reader(raw, merchant_id, account_id)

    monkeypatch.setitem(payload_retry.READERS, PayloadSource.API, fails_on_poison)
    report = payload_retry.retry_pending_payloads(runtime.uow)
    poison = shop.sql("SELECT id FROM order_payloads WHERE external_order_id = 'S-POISON'")[0][0]
    assert report.outcomes == {"created": 2}
    assert report.failed == {poison: "ValueError"}
    assert [o for _, o, _ in _payloads(shop)] == ["created", "pending", "created"]


def test_operators_retry_pending_payloads_from_the_command_line(shop, runtime, monkeypatch):
    shop.stock("SKU-A", 5)
    with monkeypatch.context() as patched:
        _crash_after_storing(patched)
        with pytest.raises(RuntimeError):
            _send(shop, _raw("CLI-1"))
    env = {"ORDERTOWER_DATABASE_URL": runtime.database_url}
    waiting = CliRunner().invoke(cli, ["orders", "retry-pending"], env=env)
    assert waiting.exit_code == 0, waiting.output
    assert "No pending payloads" in waiting.output  # younger than a minute
    done = CliRunner().invoke(cli, ["orders", "retry-pending", "--older-than", "0"], env=env)
    assert done.exit_code == 0, done.output
    assert "created" in done.output
    assert _payloads(shop)[0][1] == "created"
