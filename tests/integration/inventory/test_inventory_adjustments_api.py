"""Adjusting, transferring and changing the pool of stock through the API: done, or refused whole."""

import pytest
from inventory_desk import desk_for, problem

from ordertower.domain.tenancy import Role


@pytest.fixture
def desk(runtime, stockroom, admin):
    return desk_for(runtime, stockroom, admin)


def test_an_adjustment_adds_found_units_and_records_who_why_and_when(desk) -> None:
    response = desk.post("/adjustments", desk.adjustment(idempotency_key="adj-1"))

    assert response.status_code == 201, response.text
    movement = response.json()
    assert movement["kind"] == "adjustment"
    assert movement["quantity"] == 5
    assert movement["from_place"] is None
    assert movement["to_place"]["bin_code"] == "A-01"
    assert movement["reason"] == "found"
    assert movement["note"] == "behind the shelf"
    assert movement["actor_name"].startswith("Admin")
    assert movement["created_at"]
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 5}
    [entry] = desk.audit()
    assert entry["action"] == "inventory.adjusted"
    assert entry["target_id"] == str(movement["id"])
    assert entry["reason"] == "found: behind the shelf"
    assert entry["actor_user_id"] == movement["actor_user_id"]


def test_an_adjustment_removes_damaged_units(desk) -> None:
    desk.receive("SKU-A", 10)
    response = desk.post(
        "/adjustments", desk.adjustment(direction="remove", quantity=3, reason="damaged", note="")
    )
    assert response.status_code == 201, response.text
    assert response.json()["from_place"]["status"] == "sellable"
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 7}
    assert desk.audit("inventory.adjusted")[0]["reason"] == "damaged"


def test_sending_an_adjustment_again_with_its_key_changes_nothing(desk) -> None:
    first = desk.post("/adjustments", desk.adjustment(idempotency_key="same"))
    again = desk.post("/adjustments", desk.adjustment(idempotency_key="same"))

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 5}
    assert len(desk.audit("inventory.adjusted")) == 1


def test_a_key_reused_for_another_adjustment_is_refused(desk) -> None:
    desk.post("/adjustments", desk.adjustment(idempotency_key="same"))
    response = desk.post("/adjustments", desk.adjustment(idempotency_key="same", quantity=6))
    problem(response, 409, "idempotency_key")


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"quantity": 0}, 422, "quantity"),
        ({"quantity": -4}, 422, "quantity"),
        ({"reason": "lost"}, 422, "reason"),
        ({"direction": "remove", "reason": "found"}, 422, "reason"),
        ({"reason": "made_up"}, 422, "reason"),
        ({"sku": "NO-SUCH-SKU"}, 404, "sku"),
        ({"sku": "BUNDLE-AB"}, 422, "sku"),
        ({"bin_id": 999_999}, 404, "bin_id"),
        ({"location_id": 999_999}, 404, "location_id"),
        ({"status": "unheard_of"}, 422, "status"),
        ({"lot": ""}, 422, "lot"),
        ({"idempotency_key": "k" * 129}, 422, "idempotency_key"),
        ({"surprise": 1}, 422, "surprise"),
    ],
)
def test_a_bad_adjustment_names_the_field_and_writes_nothing(desk, changes, status, field) -> None:
    body = problem(desk.post("/adjustments", desk.adjustment(**changes)), status, field)

    assert body["detail"]
    assert desk.movement_count() == 0
    assert desk.audit() == []


def test_a_bin_of_another_location_is_refused(desk) -> None:
    body = problem(
        desk.post("/adjustments", desk.adjustment(location_id=desk.other_warehouse_id)),
        404,
        "bin_id",
    )
    assert "WH-WEST" in body["detail"]


def test_removing_more_than_the_bin_holds_is_refused_naming_the_place(desk) -> None:
    desk.receive("SKU-A", 2)
    desk.receive("SKU-A", 10, bin="A-02")
    body = problem(
        desk.post("/adjustments", desk.adjustment(direction="remove", reason="lost")), 409
    )
    assert body["code"] == "insufficient_stock"
    assert body["field"] == "quantity"
    assert "SKU-A at WH-EAST/A-01 (sellable) has 2 on hand" in body["detail"]
    assert desk.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 2,
        ("SKU-A", "A-02", "sellable"): 10,
    }


def test_adding_expiration_dated_units_needs_their_expiry_date_and_lot(
    desk, runtime, stockroom
) -> None:
    from sqlalchemy import update

    from ordertower.adapters.db.tables.catalog import products

    with runtime.engine.begin() as c:
        c.execute(update(products).where(products.c.sku == "SKU-C").values(expiration_dated=True))
    problem(desk.post("/adjustments", desk.adjustment(sku="SKU-C")), 422, "expires_on")
    problem(
        desk.post("/adjustments", desk.adjustment(sku="SKU-C", expires_on="2030-01-31")), 422, "lot"
    )
    dated = desk.post(
        "/adjustments", desk.adjustment(sku="SKU-C", expires_on="2030-01-31", lot="L-7")
    )
    assert dated.status_code == 201, dated.text
    assert dated.json()["expires_on"] == "2030-01-31"


def test_a_transfer_moves_units_between_bins_in_the_same_pool(desk) -> None:
    desk.receive("SKU-A", 10)
    response = desk.post("/transfers", desk.transfer())

    assert response.status_code == 201, response.text
    moved = response.json()
    assert (moved["from_place"]["bin_code"], moved["to_place"]["bin_code"]) == ("A-01", "A-02")
    assert moved["note"] == "consolidating the pick face"
    assert desk.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 6,
        ("SKU-A", "A-02", "sellable"): 4,
    }
    assert desk.audit()[-1]["action"] == "inventory.transferred"


def test_a_transfer_moves_units_to_another_location(desk) -> None:
    desk.receive("SKU-A", 10)
    response = desk.post(
        "/transfers", desk.transfer(to_location_id=desk.other_warehouse_id, to_bin_id=None)
    )
    assert response.status_code == 201, response.text
    assert desk.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 6,
        ("SKU-A", f"L{desk.other_warehouse_id}", "sellable"): 4,
    }


def test_a_transfer_from_a_pool_that_does_not_hold_the_units_is_refused(desk) -> None:
    desk.receive("SKU-A", 10)
    body = problem(desk.post("/transfers", desk.transfer(status="hold")), 409, "quantity")
    assert "SKU-A at WH-EAST/A-01 (hold) has 0 on hand; cannot take 4" in body["detail"]
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 10}


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"reason": "   "}, 422, "reason"),
        ({"to_bin_id": None, "to_location_id": None}, 422, "to_location_id"),
        ({"to_bin_id": 999_999}, 404, "to_bin_id"),
        ({"from_bin_id": 999_999}, 404, "from_bin_id"),
        ({"to_bin_id": "A-01"}, 422, "to_bin_id"),
        ({"quantity": 0}, 422, "quantity"),
        ({"to_location_id": 999_999, "to_bin_id": None}, 404, "to_location_id"),
    ],
)
def test_a_bad_transfer_names_the_field_and_writes_nothing(desk, changes, status, field) -> None:
    desk.receive("SKU-A", 10)
    before = desk.movement_count()
    problem(desk.post("/transfers", desk.transfer(**changes)), status, field)
    assert desk.movement_count() == before


def test_a_transfer_to_the_place_it_comes_from_is_refused(desk) -> None:
    desk.receive("SKU-A", 10)
    body = problem(
        desk.post("/transfers", desk.transfer(to_bin_id=desk.bins["A-01"])), 422, "to_bin_id"
    )
    assert "somewhere else" in body["detail"]


def test_a_status_change_moves_units_into_another_pool(desk) -> None:
    desk.receive("SKU-A", 10)
    response = desk.post(
        "/status-changes",
        {
            "sku": "SKU-A",
            "quantity": 3,
            "location_id": desk.warehouse_id,
            "bin_id": desk.bins["A-01"],
            "from_status": "sellable",
            "to_status": "hold",
            "reason": "customer complaint about the batch",
        },
    )
    assert response.status_code == 201, response.text
    assert desk.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 7,
        ("SKU-A", "A-01", "hold"): 3,
    }
    assert desk.audit()[-1]["action"] == "inventory.status_changed"


def test_a_status_change_may_move_units_to_another_bin(desk) -> None:
    desk.receive("SKU-A", 10, status="quarantine")
    response = desk.post(
        "/status-changes",
        {
            "sku": "SKU-A",
            "quantity": 10,
            "location_id": desk.warehouse_id,
            "bin_id": desk.bins["A-01"],
            "to_bin_id": desk.bins["A-03"],
            "from_status": "quarantine",
            "to_status": "sellable",
            "reason": "inspected: fine",
        },
    )
    assert response.status_code == 201, response.text
    assert desk.on_hand() == {("SKU-A", "A-03", "sellable"): 10}


def test_a_status_change_the_transition_table_forbids_is_refused(desk) -> None:
    desk.receive("SKU-A", 10, status="damaged")
    body = problem(
        desk.post(
            "/status-changes",
            {
                "sku": "SKU-A",
                "quantity": 1,
                "location_id": desk.warehouse_id,
                "bin_id": desk.bins["A-01"],
                "from_status": "damaged",
                "to_status": "sellable",
                "reason": "looks fine",
            },
        ),
        409,
        "to_status",
    )
    assert body["code"] == "status_change_not_allowed"
    assert "quarantine" in body["detail"]


def test_units_promised_to_orders_cannot_be_put_on_hold(desk) -> None:
    desk.receive("SKU-A", 5)
    allocated = desk.post(
        "/allocations",
        {
            "sku": "SKU-A",
            "quantity": 4,
            "location_id": desk.warehouse_id,
            "reference": {"kind": "order", "id": "1001"},
            "idempotency_key": "order-1001",
        },
    )
    assert allocated.status_code == 201, allocated.text
    body = problem(
        desk.post(
            "/status-changes",
            {
                "sku": "SKU-A",
                "quantity": 2,
                "location_id": desk.warehouse_id,
                "bin_id": desk.bins["A-01"],
                "from_status": "sellable",
                "to_status": "hold",
                "reason": "audit",
            },
        ),
        409,
        "quantity",
    )
    assert "promised to orders" in body["detail"]


def test_someone_who_may_only_read_cannot_change_stock(desk, make_actor) -> None:
    reader = make_actor(Role.CLIENT, (desk.merchant_id,))
    problem(desk.post("/adjustments", desk.adjustment(), client=reader.client), 403)
    assert desk.movement_count() == 0


def test_an_operator_of_the_merchant_may_adjust(desk, make_actor) -> None:
    operator = make_actor(Role.OPERATOR, (desk.merchant_id,))
    response = desk.post("/adjustments", desk.adjustment(), client=operator.client)
    assert response.status_code == 201, response.text
    assert response.json()["actor_user_id"] == operator.principal.user_id


def test_another_merchants_user_cannot_see_or_change_this_stock(desk, make_actor, admin) -> None:
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    outsider = make_actor(Role.MANAGER, (other["id"],))
    problem(desk.post("/adjustments", desk.adjustment(), client=outsider.client), 404)
    response = outsider.client.get(f"{desk.base}/balances")
    problem(response, 404, "merchant_id")
    assert desk.movement_count() == 0
