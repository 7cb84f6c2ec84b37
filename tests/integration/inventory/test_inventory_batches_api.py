"""Batches of movements and allocations through the API: all or nothing, refusals name the index."""

import pytest
from inventory_desk import desk_for, problem


@pytest.fixture
def desk(runtime, stockroom, admin):
    return desk_for(runtime, stockroom, admin)


def _move(desk, sku, quantity, key, *, src=None, dst=None, kind="transfer"):
    return {
        "sku": sku,
        "kind": kind,
        "quantity": quantity,
        "from_place": src,
        "to_place": dst,
        "reference": {"kind": "adjustment", "id": "batch"},
        "idempotency_key": key,
    }


def test_a_batch_posts_every_movement_in_order(desk) -> None:
    movements = [
        desk.receipt("SKU-A", 10, "r1"),
        desk.receipt("SKU-B", 3, "r2", bin="A-02"),
        _move(desk, "SKU-A", 4, "t1", src=desk.place("A-01"), dst=desk.place("A-03")),
    ]
    response = desk.post("/movements", {"movements": movements})

    assert response.status_code == 201, response.text
    body = response.json()
    ids = [m["movement_id"] for m in body["movements"]]
    assert ids == sorted(ids)
    assert (body["posted"], body["replayed"]) == (3, 0)
    assert desk.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 6,
        ("SKU-A", "A-03", "sellable"): 4,
        ("SKU-B", "A-02", "sellable"): 3,
    }
    [entry] = desk.audit("inventory.batch_posted")
    assert entry["details"] == {"sent": 3, "posted": 3, "replayed": 0}


def test_a_batch_sent_again_is_replayed_movement_by_movement(desk) -> None:
    movements = [desk.receipt("SKU-A", 10, "r1"), desk.receipt("SKU-B", 3, "r2")]
    first = desk.post("/movements", {"movements": movements}).json()
    movements.append(desk.receipt("SKU-C", 1, "r3"))
    again = desk.post("/movements", {"movements": movements}).json()

    assert [m["replayed"] for m in again["movements"]] == [True, True, False]
    assert again["movements"][:2] == [{**m, "replayed": True} for m in first["movements"]]
    assert desk.movement_count() == 3


def test_a_batch_of_ten_thousand_movements_is_posted_at_once(desk) -> None:
    movements = [desk.receipt("SKU-A", 1, f"bulk-{i}") for i in range(10_000)]
    response = desk.post("/movements", {"movements": movements})

    assert response.status_code == 201, response.text
    assert response.json()["posted"] == 10_000
    assert desk.on_hand() == {("SKU-A", "A-01", "sellable"): 10_000}


def test_a_batch_larger_than_ten_thousand_is_refused(desk) -> None:
    movements = [desk.receipt("SKU-A", 1, f"bulk-{i}") for i in range(10_001)]
    problem(desk.post("/movements", {"movements": movements}), 422, "movements")
    assert desk.movement_count() == 0


def test_an_empty_batch_is_refused(desk) -> None:
    problem(desk.post("/movements", {"movements": []}), 422, "movements")


@pytest.mark.parametrize(
    ("bad", "status", "field"),
    [
        ({"quantity": 0}, 422, "quantity"),
        ({"quantity": -1}, 422, "quantity"),
        ({"quantity": "many"}, 422, "quantity"),
        ({"sku": "NO-SUCH"}, 404, "sku"),
        ({"kind": "teleport"}, 422, "kind"),
        ({"to_place": {"location_id": 999_999, "status": "sellable"}}, 404, "to_place.location_id"),
        (
            {"to_place": {"location_id": 1, "bin_id": 999_999, "status": "sellable"}},
            404,
            "to_place.bin_id",
        ),
        ({"to_place": {"location_id": 1, "status": "return_pending"}}, 422, "to_place.status"),
        ({"from_place": {"location_id": 1, "status": "sellable"}}, 422, "from_place"),
        ({"reference": {"kind": "receipt", "id": "x" * 65}}, 422, "reference.id"),
        ({"idempotency_key": "   "}, 422, "idempotency_key"),
        ({"extra": True}, 422, "extra"),
    ],
)
def test_a_bad_movement_in_a_batch_is_named_by_its_index_and_nothing_is_written(
    desk, bad, status, field
) -> None:
    movements = [
        desk.receipt("SKU-A", 10, "r1"),
        desk.receipt("SKU-B", 3, "r2"),
        {**desk.receipt("SKU-C", 1, "r3"), **bad},
    ]
    problem(desk.post("/movements", {"movements": movements}), status, f"movements[2].{field}")
    assert desk.movement_count() == 0


def test_a_movement_taking_more_than_is_there_is_named_by_its_index(desk) -> None:
    movements = [
        desk.receipt("SKU-A", 3, "r1"),
        _move(desk, "SKU-A", 2, "t1", src=desk.place("A-01"), dst=desk.place("A-02")),
        _move(desk, "SKU-A", 2, "t2", src=desk.place("A-01"), dst=desk.place("A-03")),
    ]
    body = problem(desk.post("/movements", {"movements": movements}), 409, "movements[2].quantity")
    assert "has 1 on hand; cannot take 2" in body["detail"]
    assert desk.movement_count() == 0


def test_indexes_count_from_the_batch_as_sent_even_when_some_are_replays(desk) -> None:
    desk.post("/movements", {"movements": [desk.receipt("SKU-A", 1, "old")]})
    movements = [
        desk.receipt("SKU-A", 1, "old"),
        desk.receipt("SKU-B", 1, "new"),
        desk.receipt("NOPE", 1, "n2"),
    ]
    problem(desk.post("/movements", {"movements": movements}), 404, "movements[2].sku")


def test_a_key_reused_within_a_batch_for_another_movement_is_named_by_its_index(desk) -> None:
    movements = [desk.receipt("SKU-A", 1, "same"), desk.receipt("SKU-A", 2, "same")]
    problem(desk.post("/movements", {"movements": movements}), 409, "movements[1].idempotency_key")


def _allocate(desk, sku="SKU-A", quantity=2, key="order-1", order="1001"):
    return desk.post(
        "/allocations",
        {
            "sku": sku,
            "quantity": quantity,
            "location_id": desk.warehouse_id,
            "reference": {"kind": "order", "id": order},
            "idempotency_key": key,
        },
    )


def test_allocating_promises_sellable_units_and_lists_them_by_order(desk) -> None:
    desk.receive("SKU-A", 5)
    response = _allocate(desk)

    assert response.status_code == 201, response.text
    [row] = response.json()
    assert (row["sku"], row["quantity"], row["location_code"]) == ("SKU-A", 2, "WH-EAST")
    assert row["reference"] == {"kind": "order", "id": "1001"}
    listed = desk.get("/allocations", reference_kind="order", reference_id="1001").json()
    assert [a["id"] for a in listed["items"]] == [row["id"]]
    assert desk.get("/skus/SKU-A").json()["totals"]["available"] == 3


def test_allocating_a_bundle_promises_each_component(desk) -> None:
    desk.receive("SKU-A", 5)
    desk.receive("SKU-B", 5)
    rows = _allocate(desk, sku="BUNDLE-AB", quantity=2).json()
    assert sorted((r["sku"], r["quantity"], r["bundle_sku"]) for r in rows) == [
        ("SKU-A", 4, "BUNDLE-AB"),
        ("SKU-B", 2, "BUNDLE-AB"),
    ]


def test_allocating_more_than_is_free_is_refused_and_nothing_is_promised(desk) -> None:
    desk.receive("SKU-A", 1)
    body = problem(_allocate(desk, quantity=2), 409, "quantity")
    assert body["code"] == "insufficient_stock"
    assert desk.allocation_count() == 0


def test_stock_in_other_pools_cannot_be_allocated(desk) -> None:
    desk.receive("SKU-A", 5, status="hold")
    problem(_allocate(desk, quantity=1), 409, "quantity")


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"quantity": 0}, 422, "quantity"),
        ({"sku": "NOPE"}, 404, "sku"),
        ({"location_id": 999_999}, 404, "location_id"),
        ({"reference": {"kind": "nonsense", "id": "1"}}, 422, "reference.kind"),
        ({"idempotency_key": ""}, 422, "idempotency_key"),
    ],
)
def test_a_bad_allocation_names_the_field(desk, changes, status, field) -> None:
    desk.receive("SKU-A", 5)
    body = {
        "sku": "SKU-A",
        "quantity": 1,
        "location_id": desk.warehouse_id,
        "reference": {"kind": "order", "id": "1"},
        "idempotency_key": "k",
        **changes,
    }
    problem(desk.post("/allocations", body), status, field)
    assert desk.allocation_count() == 0


def test_releasing_an_allocation_frees_its_units(desk, stockroom) -> None:
    desk.receive("SKU-A", 5)
    [row] = _allocate(desk, quantity=3).json()

    some = desk.post(f"/allocations/{row['id']}/release", {"quantity": 1})
    assert some.status_code == 200, some.text
    assert some.json()["quantity"] == 2
    rest = desk.post(f"/allocations/{row['id']}/release", {})
    assert rest.json()["quantity"] == 0
    assert rest.json()["closed_at"] is not None
    assert desk.allocated(stockroom.products["SKU-A"]) == 0


def test_releasing_more_than_an_allocation_holds_is_refused(desk) -> None:
    desk.receive("SKU-A", 5)
    [row] = _allocate(desk, quantity=3).json()
    problem(desk.post(f"/allocations/{row['id']}/release", {"quantity": 4}), 422, "quantity")
    problem(desk.post("/allocations/999999/release", {}), 404, "allocation_id")


def test_allocations_by_reference_need_the_reference(desk) -> None:
    problem(desk.get("/allocations", reference_kind="order"), 422, "reference_id")
