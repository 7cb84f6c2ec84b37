"""Cycle counts: a sheet per bin, blind or not; applying posts exactly the differences as count
corrections, raises large variances, and never takes units promised to orders."""

import pytest
from receiving_dock import dock_for, problem
from sqlalchemy import select

from ordertower.adapters.db.tables.inventory import stock_movements
from ordertower.domain.inventory import InventoryStatus, Reference, ReferenceKind
from ordertower.services.inventory.allocation import AllocationRequest, allocate, release
from ordertower.services.inventory.posting import post_movements


@pytest.fixture
def dock(runtime, stockroom, admin):
    return dock_for(runtime, stockroom, admin)


@pytest.fixture
def stocked(runtime, stockroom, dock):
    """A-01 holds 10 SKU-A and 5 SKU-B (sellable) and 2 SKU-A on hold; A-02 holds 7 SKU-C."""
    s = stockroom
    post_movements(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        requests=[
            s.receive("SKU-A", 10),
            s.receive("SKU-B", 5),
            s.receive("SKU-A", 2, status=InventoryStatus.HOLD),
            s.receive("SKU-C", 7, bin="A-02"),
        ],
    )
    return dock


def _sheet(dock, **body):
    response = dock.post("/count-sheets", {"bin_id": dock.bins["A-01"], **body})
    assert response.status_code == 201, response.text
    return response.json()


def _submit(dock, sheet, *lines):
    response = dock.post(f"/count-sheets/{sheet['id']}/submit", {"lines": list(lines)})
    assert response.status_code == 200, response.text
    return response.json()


def _apply(dock, sheet, **body):
    return dock.post(f"/count-sheets/{sheet['id']}/apply", body)


def _corrections(dock):
    with dock.runtime.engine.connect() as c:
        rows = c.execute(
            select(stock_movements).where(stock_movements.c.reason == "count_correction")
        ).all()
    names = {v: k for k, v in dock.products.items()}
    return sorted(
        (
            names[r.product_id],
            r.to_status or r.from_status,
            r.quantity if r.to_status else -r.quantity,
        )
        for r in rows
    )


def test_an_open_count_shows_the_books_and_applying_posts_only_the_differences(stocked) -> None:
    dock = stocked
    sheet = _sheet(dock, blind=False)
    assert [(i["sku"], i["pool"], i["system_quantity"]) for i in sheet["lines"]] == [
        ("SKU-A", "hold", 2),
        ("SKU-A", "sellable", 10),
        ("SKU-B", "sellable", 5),
    ]
    _submit(
        dock,
        sheet,
        {"sku": "SKU-A", "counted": 8},
        {"sku": "SKU-A", "pool": "hold", "counted": 2},
        {"sku": "SKU-B", "counted": 5},
    )
    applied = _apply(dock, sheet, reason="quarterly count")

    assert applied.status_code == 200, applied.text
    assert applied.json()["count_sheet"]["status"] == "applied"
    assert len(applied.json()["movement_ids"]) == 1
    assert _corrections(dock) == [("SKU-A", "sellable", -2)]
    assert applied.json()["exception_items"] == []  # 2 units is not above the default threshold
    assert dock.on_hand()[("SKU-A", "A-01", "sellable")] == 8
    assert "count_sheet.applied" in dock.audit_actions()


def test_a_blind_full_bin_count_hides_the_books_and_zeroes_what_was_not_found(stocked) -> None:
    dock = stocked
    sheet = _sheet(dock)
    assert sheet["blind"] is True
    assert sheet["books_hidden"] is True
    assert sheet["lines"] == []
    assert dock.get(f"/count-sheets/{sheet['id']}").json()["lines"] == []

    submitted = _submit(
        dock,
        sheet,
        {"sku": "SKU-A", "counted": 10},
        {"sku": "SKU-C", "counted": 3},  # not in the books for this bin
    )
    assert submitted["books_hidden"] is False
    assert {(i["sku"], i["pool"], i["difference"]) for i in submitted["lines"]} == {
        ("SKU-A", "sellable", 0),
        ("SKU-A", "hold", -2),
        ("SKU-B", "sellable", -5),
        ("SKU-C", "sellable", 3),
    }
    applied = _apply(dock, sheet).json()

    assert _corrections(dock) == [
        ("SKU-A", "hold", -2),
        ("SKU-B", "sellable", -5),
        ("SKU-C", "sellable", 3),
    ]
    raised = {(i["details"]["sku"], i["details"]["difference"]) for i in applied["exception_items"]}
    assert raised == {("SKU-B", -5), ("SKU-C", 3)}
    assert all(i["reason_code"] == "count_variance" for i in applied["exception_items"])
    assert dock.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 10,
        ("SKU-C", "A-01", "sellable"): 3,
        ("SKU-C", "A-02", "sellable"): 7,
    }


def test_a_listed_sku_count_leaves_the_other_skus_in_the_bin_alone(stocked) -> None:
    dock = stocked
    sheet = _sheet(dock, skus=["SKU-A"])
    assert sheet["scope"] == "listed_skus"
    assert [(i["sku"], i["system_quantity"]) for i in sheet["lines"]] == [
        ("SKU-A", None),
        ("SKU-A", None),
    ]
    refused = problem(
        dock.post(
            f"/count-sheets/{sheet['id']}/submit", {"lines": [{"sku": "SKU-B", "counted": 1}]}
        ),
        422,
    )
    assert refused["field"] == "lines[0].sku"
    _submit(
        dock, sheet, {"sku": "SKU-A", "counted": 12}, {"sku": "SKU-A", "pool": "hold", "counted": 2}
    )
    _apply(dock, sheet, variance_threshold=0)
    assert _corrections(dock) == [("SKU-A", "sellable", 2)]
    assert dock.on_hand()[("SKU-B", "A-01", "sellable")] == 5


def test_a_count_that_would_take_promised_units_is_refused_until_they_are_released(
    stocked, runtime, admin
) -> None:
    dock = stocked
    [allocation] = allocate(
        runtime.uow(),
        principal=admin.principal,
        merchant_id=dock.merchant_id,
        request=AllocationRequest(
            sku="SKU-A",
            quantity=8,
            location_id=dock.warehouse_id,
            reference=Reference(ReferenceKind.ORDER, "#1001"),
            idempotency_key="order-1001-a",
        ),
    )
    sheet = _sheet(dock, skus=["SKU-A"])
    _submit(
        dock, sheet, {"sku": "SKU-A", "counted": 5}, {"sku": "SKU-A", "pool": "hold", "counted": 2}
    )
    before = dock.rows_written()

    refused = problem(_apply(dock, sheet), 409)

    assert refused["code"] == "count_takes_promised_units"
    assert "8 are promised to orders" in refused["detail"]
    assert "release" in refused["detail"].lower()
    assert dock.rows_written() == before
    release(
        runtime.uow(),
        principal=admin.principal,
        merchant_id=dock.merchant_id,
        allocation_id=allocation.id,
        quantity=3,
    )
    assert _apply(dock, sheet).status_code == 200
    assert dock.on_hand()[("SKU-A", "A-01", "sellable")] == 5


def test_a_sheet_whose_bin_moved_since_it_was_made_is_refused_and_can_be_cancelled(
    stocked, runtime, stockroom
) -> None:
    dock = stocked
    sheet = _sheet(dock)
    _submit(dock, sheet, {"sku": "SKU-A", "counted": 10})
    post_movements(
        runtime.uow(),
        principal=stockroom.principal,
        merchant_id=stockroom.merchant_id,
        requests=[stockroom.receive("SKU-B", 1)],
    )
    refused = problem(_apply(dock, sheet), 409)
    assert refused["code"] == "count_outdated"
    assert "SKU-B sellable: 5 then, 6 now" in refused["detail"]
    cancelled = dock.post(f"/count-sheets/{sheet['id']}/cancel", {"reason": "recount"})
    assert cancelled.json()["status"] == "cancelled"
    assert _sheet(dock)["status"] == "open"  # the bin is free for a new count


def test_one_count_at_a_time_per_bin_and_a_sheet_applies_once(stocked) -> None:
    dock = stocked
    sheet = _sheet(dock)
    assert problem(dock.post("/count-sheets", {"bin_id": dock.bins["A-01"]}), 409)["field"] == (
        "bin_id"
    )
    assert problem(_apply(dock, sheet), 409)["code"] == "illegal_transition"
    _submit(dock, sheet, {"sku": "SKU-A", "counted": 10})
    assert _apply(dock, sheet).status_code == 200
    assert problem(_apply(dock, sheet), 409)["code"] == "illegal_transition"


def test_a_count_sheet_is_made_from_a_scanned_bin_barcode(stocked) -> None:
    sheet = stocked.post("/count-sheets", {"bin_barcode": "BIN-A-02", "blind": False}).json()
    assert sheet["bin_code"] == "A-02"
    assert [(i["sku"], i["system_quantity"]) for i in sheet["lines"]] == [("SKU-C", 7)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bin_id": 777_777}, "bin_id"),
        ({"bin_barcode": "BIN-NOWHERE"}, "bin_barcode"),
        ({}, "bin_id"),
        ({"bin_id": "A-01", "skus": ["NOPE"]}, "skus[0]"),
        ({"bin_id": "A-01", "skus": ["BUNDLE-AB"]}, "skus[0]"),
    ],
)
def test_a_bad_count_sheet_is_refused_naming_the_problem_and_nothing_is_written(
    stocked, body, field
) -> None:
    dock = stocked
    if body.get("bin_id") == "A-01":
        body = {**body, "bin_id": dock.bins["A-01"]}
    before = dock.rows_written()
    refused = problem(dock.post("/count-sheets", body), 422)
    assert refused["field"] == field
    assert dock.rows_written() == before


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"sku": "SKU-A", "counted": -1}, "lines[0].counted"),
        ({"sku": "GHOST", "counted": 1}, "lines[0].sku"),
        ({"sku": "SKU-EXP", "counted": 4}, "lines[0].expires_on"),
    ],
)
def test_bad_counted_lines_are_refused_and_the_sheet_stays_open(stocked, line, field) -> None:
    dock = stocked
    sheet = _sheet(dock)
    refused = problem(dock.post(f"/count-sheets/{sheet['id']}/submit", {"lines": [line]}), 422)
    assert refused["field"] == field
    assert dock.get(f"/count-sheets/{sheet['id']}").json()["status"] == "open"


def test_another_merchants_count_sheet_is_not_found(stocked, make_actor) -> None:
    from ordertower.domain.tenancy import Role

    dock = stocked
    sheet = _sheet(dock)
    other = dock.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    stranger = make_actor(Role.MANAGER, (other["id"],))
    url = f"/api/v1/merchants/{other['id']}/count-sheets/{sheet['id']}/submit"
    response = stranger.client.post(url, json={"lines": []})
    assert problem(response, 404)["field"] == "count_sheet_id"
    assert dock.get(f"/count-sheets/{sheet['id']}").json()["status"] == "open"
