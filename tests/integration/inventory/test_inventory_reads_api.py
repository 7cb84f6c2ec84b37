"""Reading inventory through the API: balances, pools per SKU, movement history, with pages."""

import datetime as dt

import pytest
from inventory_desk import desk_for, problem


@pytest.fixture
def desk(runtime, stockroom, admin):
    return desk_for(runtime, stockroom, admin)


@pytest.fixture
def stocked(desk):
    """SKU-A in three bins and two pools, SKU-B in the other warehouse, two allocated."""
    desk.receive("SKU-A", 10)
    desk.receive("SKU-A", 4, bin="A-02")
    desk.receive("SKU-A", 2, bin="A-03", status="quarantine")
    desk.receive("SKU-B", 7, bin=None, location=desk.other_warehouse_id)
    response = desk.post(
        "/allocations",
        {
            "sku": "SKU-A",
            "quantity": 2,
            "location_id": desk.warehouse_id,
            "reference": {"kind": "order", "id": "1001"},
            "idempotency_key": "o-1001",
        },
    )
    assert response.status_code == 201, response.text
    return desk


def _balances(desk, **params):
    response = desk.get("/balances", **params)
    assert response.status_code == 200, response.text
    return [(b["sku"], b["bin_code"], b["status"], b["on_hand"]) for b in response.json()["items"]]


def test_balances_are_listed_by_sku_location_bin_and_pool(stocked) -> None:
    d = stocked
    assert _balances(d, sku="SKU-A") == [
        ("SKU-A", "A-01", "sellable", 10),
        ("SKU-A", "A-02", "sellable", 4),
        ("SKU-A", "A-03", "quarantine", 2),
    ]
    assert _balances(d, location_id=d.other_warehouse_id) == [("SKU-B", None, "sellable", 7)]
    assert _balances(d, bin_id=d.bins["A-02"]) == [("SKU-A", "A-02", "sellable", 4)]
    assert _balances(d, status="quarantine") == [("SKU-A", "A-03", "quarantine", 2)]


def test_empty_balances_are_listed_only_when_asked(stocked) -> None:
    d = stocked
    d.post(
        "/transfers", d.transfer(quantity=4, from_bin_id=d.bins["A-02"], to_bin_id=d.bins["A-01"])
    )
    assert ("SKU-A", "A-02", "sellable", 0) not in _balances(d, sku="SKU-A")
    assert ("SKU-A", "A-02", "sellable", 0) in _balances(d, sku="SKU-A", include_empty=True)


def test_balance_pages_follow_each_other_without_gaps_or_repeats(stocked) -> None:
    d = stocked
    seen, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = d.get("/balances", **params).json()
        seen += [b["id"] for b in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 4
    assert seen == sorted(set(seen))


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"sku": "NOPE"}, 404, "sku"),
        ({"location_id": 999_999}, 404, "location_id"),
        ({"bin_id": 999_999}, 404, "bin_id"),
        ({"status": "lost_in_space"}, 422, "status"),
        ({"limit": 0}, 422, "limit"),
        ({"cursor": "not-ours"}, 422, "cursor"),
    ],
)
def test_a_balance_filter_naming_nothing_is_refused(stocked, params, status, field) -> None:
    problem(stocked.get("/balances", **params), status, field)


def test_a_bin_filter_of_another_location_is_refused(stocked) -> None:
    d = stocked
    problem(
        d.get("/balances", location_id=d.other_warehouse_id, bin_id=d.bins["A-01"]), 404, "bin_id"
    )


def test_a_skus_pools_are_shown_side_by_side_per_location(stocked) -> None:
    body = stocked.get("/skus/SKU-A").json()

    [east] = body["locations"]
    assert east["location_code"] == "WH-EAST"
    assert (east["sellable"], east["allocated"], east["available"]) == (14, 2, 12)
    assert (east["quarantine"], east["hold"], east["fba_bound"]) == (2, 0, 0)
    assert body["totals"]["sellable"] == 14
    assert body["totals"]["location_id"] is None
    problem(stocked.get("/skus/NOPE"), 404, "sku")


def test_a_sku_with_a_slash_is_found_by_its_path(desk, runtime, stockroom) -> None:
    from sqlalchemy import insert

    from ordertower.adapters.db.tables.catalog import products

    with runtime.engine.begin() as c:
        c.execute(insert(products).values(merchant_id=desk.merchant_id, sku="TEE/RED/M", title="T"))
    desk.post("/adjustments", desk.adjustment(sku="TEE/RED/M"))
    body = desk.get("/skus/TEE/RED/M").json()
    assert body["totals"]["sellable"] == 5


def test_skus_are_listed_in_sku_order_with_their_pools_and_searched_by_prefix(stocked) -> None:
    d = stocked
    listed = d.get("/skus").json()["items"]
    assert [s["sku"] for s in listed] == ["SKU-A", "SKU-B", "SKU-C"]
    assert [len(s["locations"]) for s in listed] == [1, 1, 0]
    assert [s["sku"] for s in d.get("/skus", in_stock=True).json()["items"]] == ["SKU-A", "SKU-B"]
    west = d.get("/skus", in_stock=True, location_id=d.other_warehouse_id).json()["items"]
    assert [(s["sku"], s["totals"]["sellable"]) for s in west] == [("SKU-B", 7)]
    assert [s["sku"] for s in d.get("/skus", q="SKU-B").json()["items"]] == ["SKU-B"]
    first = d.get("/skus", limit=2).json()
    second = d.get("/skus", limit=2, cursor=first["next_cursor"]).json()
    assert [s["sku"] for s in first["items"] + second["items"]] == ["SKU-A", "SKU-B", "SKU-C"]
    assert second["next_cursor"] is None


def _history(desk, **params):
    response = desk.get("/movements", **params)
    assert response.status_code == 200, response.text
    return response.json()


def test_movement_history_is_newest_first_and_filtered(stocked) -> None:
    d = stocked
    d.post("/transfers", d.transfer(quantity=1))
    everything = _history(d)["items"]
    assert [m["id"] for m in everything] == sorted((m["id"] for m in everything), reverse=True)
    assert everything[0]["kind"] == "transfer"

    assert {m["sku"] for m in _history(d, sku="SKU-B")["items"]} == {"SKU-B"}
    at_a02 = _history(d, bin_id=d.bins["A-02"])["items"]
    assert [(m["kind"], m["quantity"]) for m in at_a02] == [("transfer", 1), ("receipt", 4)]
    west = _history(d, location_id=d.other_warehouse_id)["items"]
    assert [m["sku"] for m in west] == ["SKU-B"]
    assert [m["kind"] for m in _history(d, kind="transfer")["items"]] == ["transfer"]
    receipts = _history(d, reference_kind="receipt", reference_id="R-1")["items"]
    assert len(receipts) == 4


def test_movement_history_by_location_shows_a_movement_within_it_once(stocked) -> None:
    d = stocked
    d.post("/transfers", d.transfer(quantity=1))
    east = _history(d, location_id=d.warehouse_id)["items"]
    assert [m["kind"] for m in east].count("transfer") == 1


def test_movement_history_is_filtered_by_period(stocked) -> None:
    d = stocked
    now = dt.datetime.now(dt.UTC)
    hour = dt.timedelta(hours=1)
    assert (
        len(_history(d, since=(now - hour).isoformat(), until=(now + hour).isoformat())["items"])
        == 4
    )
    assert _history(d, since=(now + hour).isoformat())["items"] == []
    assert _history(d, until=(now - hour).isoformat())["items"] == []


def test_movement_pages_continue_below_the_last_movement_seen(stocked) -> None:
    d = stocked
    first = _history(d, limit=3)
    second = _history(d, limit=3, cursor=first["next_cursor"])
    ids = [m["id"] for m in first["items"] + second["items"]]
    assert len(ids) == 4
    assert ids == sorted(ids, reverse=True)
    assert second["next_cursor"] is None
    by_bin = _history(d, bin_id=d.bins["A-01"], limit=1)
    assert by_bin["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"sku": "NOPE"}, 404, "sku"),
        ({"bin_id": 999_999}, 404, "bin_id"),
        ({"location_id": 999_999}, 404, "location_id"),
        ({"kind": "teleport"}, 422, "kind"),
        ({"reference_id": "1001"}, 422, "reference_kind"),
        ({"since": "2025-01-01T00:00:00"}, 422, "since"),
        ({"since": "2025-01-02T00:00:00Z", "until": "2025-01-01T00:00:00Z"}, 422, "until"),
        ({"since": "yesterday"}, 422, "since"),
    ],
)
def test_a_bad_history_filter_is_refused_naming_it(stocked, params, status, field) -> None:
    problem(stocked.get("/movements", **params), status, field)
