"""Order state moves: the transition table applied, timeline entries written, holds kept for people."""

import pytest
from sqlalchemy import insert, select

from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.adapters.db.tables.orders import order_events, orders
from ordertower.domain.errors import NotFound
from ordertower.domain.orders import (
    Actor,
    ActorKind,
    HoldNeedsAPerson,
    IllegalOrderTransition,
    OrderState,
)
from ordertower.services.exception_queue.items import raise_items
from ordertower.services.exception_queue.ports import NewExceptionItem
from ordertower.services.orders.transitions import Move, lock_orders, move_order, move_orders

SYSTEM = Actor(ActorKind.SYSTEM, "pipeline")
PERSON = Actor(ActorKind.PERSON, "user:1")


@pytest.fixture
def order_ids(runtime, merchant):
    merchant_id = merchant["id"]
    with runtime.engine.begin() as c:
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=merchant_id, kind="manual", name="Phone orders")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        ids = [
            c.execute(
                insert(orders)
                .values(
                    merchant_id=merchant_id,
                    channel_account_id=account,
                    channel="manual",
                    external_order_id=f"EXT-{n}",
                    placed_at=c.exec_driver_sql("SELECT now()").scalar_one(),
                    service_level="standard",
                    ship_to={},
                    customer={},
                    currency="USD",
                    total=10,
                    units=1,
                )
                .returning(orders.c.id)
            ).scalar_one()
            for n in range(3)
        ]
    return merchant_id, ids


def _states(runtime, ids):
    with runtime.engine.connect() as c:
        rows = c.execute(select(orders.c.id, orders.c.state, orders.c.version)).all()
    return {r.id: (r.state, r.version) for r in rows if r.id in ids}


def _events(runtime, order_id):
    with runtime.engine.connect() as c:
        return c.execute(
            select(order_events.c.from_state, order_events.c.to_state, order_events.c.actor,
                   order_events.c.note)
            .where(order_events.c.order_id == order_id)
            .order_by(order_events.c.id)
        ).all()  # fmt: skip


def test_moves_record_state_version_and_timeline(runtime, order_ids):
    merchant_id, ids = order_ids
    with runtime.uow() as uow:
        heads = lock_orders(uow, merchant_id, ids)
        move_orders(
            uow,
            merchant_id=merchant_id,
            heads=heads,
            moves=[Move(ids[0], OrderState.ALLOCATED, "WH-NJ"), Move(ids[1], OrderState.BACKORDERED,
                   "short", hold_queue="backorder")],
            actor=SYSTEM,
        )  # fmt: skip
        uow.commit()
    states = _states(runtime, ids)
    assert states[ids[0]] == ("allocated", 2)
    assert states[ids[1]] == ("backordered", 2)
    assert states[ids[2]] == ("received", 1)
    assert _events(runtime, ids[0]) == [("received", "allocated", "pipeline", "WH-NJ")]


def test_an_illegal_move_in_a_batch_changes_nothing(runtime, order_ids):
    merchant_id, ids = order_ids
    with runtime.uow() as uow:
        heads = lock_orders(uow, merchant_id, ids)
        moves = [Move(ids[0], OrderState.ALLOCATED), Move(ids[1], OrderState.SHIPPED)]
        with pytest.raises(IllegalOrderTransition, match="cannot become shipped"):
            move_orders(uow, merchant_id=merchant_id, heads=heads, moves=moves, actor=SYSTEM)
    assert {s for s, _ in _states(runtime, ids).values()} == {"received"}
    assert _events(runtime, ids[0]) == []


def test_only_a_person_releases_a_hold(runtime, order_ids):
    merchant_id, ids = order_ids
    with runtime.uow() as uow:
        move_order(uow, merchant_id=merchant_id, order_id=ids[0], to=OrderState.ON_HOLD,
                   actor=PERSON, hold_queue="fraud review")  # fmt: skip
        uow.commit()
    with pytest.raises(HoldNeedsAPerson), runtime.uow() as uow:
        move_order(uow, merchant_id=merchant_id, order_id=ids[0], to=OrderState.RECEIVED,
                   actor=SYSTEM)  # fmt: skip
    with runtime.uow() as uow:
        move_order(uow, merchant_id=merchant_id, order_id=ids[0], to=OrderState.RECEIVED,
                   actor=PERSON, note="checked")  # fmt: skip
        uow.commit()
    assert _states(runtime, ids)[ids[0]] == ("received", 3)


def test_another_merchants_order_is_not_found(runtime, order_ids, admin):
    _merchant_id, ids = order_ids
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    with pytest.raises(NotFound, match=f"Order {ids[0]} does not exist"), runtime.uow() as uow:
        lock_orders(uow, other["id"], [ids[0]])


def test_an_order_item_is_not_closed_by_the_generic_resolve(runtime, order_ids, admin):
    merchant_id, ids = order_ids
    with runtime.uow() as uow:
        [item] = raise_items(
            uow,
            merchant_id=merchant_id,
            items=[
                NewExceptionItem(
                    reason_code="manual_hold", subject_kind="order", subject_id=str(ids[0]),
                    message="held", raise_key=f"order:{ids[0]}:manual_hold",
                )
            ],
        )  # fmt: skip
        uow.commit()
    response = admin.client.post(
        f"/api/v1/merchants/{merchant_id}/exception-items/{item.id}/resolve", json={"note": "done"}
    )
    assert response.status_code == 409, response.text
    assert "order-exceptions" in response.json()["detail"]
