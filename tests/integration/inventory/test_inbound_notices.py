"""Advance notices and starting receipts: valid ones are stored whole, bad ones are refused whole."""

import pytest
from receiving_dock import dock_for, problem

from ordertower.domain.tenancy import Role


@pytest.fixture
def dock(runtime, stockroom, admin):
    return dock_for(runtime, stockroom, admin)


def test_a_notice_keeps_its_containers_pallets_cartons_and_lines(dock) -> None:
    notice = dock.notice(
        {},
        reference="ASN-77",
        expected_at="2026-12-01T09:00:00Z",
        packages=[
            {"label": "CONT-1", "kind": "container"},
            {"label": "PAL-1", "kind": "pallet", "parent_label": "CONT-1"},
            {"label": "CTN-1", "kind": "carton", "parent_label": "PAL-1"},
            {"label": "CTN-2", "kind": "carton", "parent_label": "PAL-1"},
        ],
        lines=[
            {"sku": "SKU-A", "quantity": 12, "package_label": "CTN-1"},
            {"sku": "SKU-A", "quantity": 12, "package_label": "CTN-2"},
            {"sku": "SKU-B", "quantity": 6, "package_label": "CTN-2"},
        ],
    )
    assert notice["status"] == "open"
    assert notice["destination"] == "sellable"
    packages = {p["label"]: p for p in notice["packages"]}
    assert packages["PAL-1"]["parent_id"] == packages["CONT-1"]["id"]
    assert packages["CTN-2"]["parent_id"] == packages["PAL-1"]["id"]
    assert [(i["sku"], i["expected_quantity"], i["package_id"]) for i in notice["lines"]] == [
        ("SKU-A", 12, packages["CTN-1"]["id"]),
        ("SKU-A", 12, packages["CTN-2"]["id"]),
        ("SKU-B", 6, packages["CTN-2"]["id"]),
    ]
    receipt = dock.start(notice_id=notice["id"])
    assert [(line["sku"], line["expected"]) for line in receipt["lines"]] == [
        ("SKU-A", 24),
        ("SKU-B", 6),
    ]
    assert "inbound_notice.created" in dock.audit_actions()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lines": [{"sku": "NOPE", "quantity": 1}]}, "lines[0].sku"),
        ({"lines": [{"sku": "BUNDLE-AB", "quantity": 1}]}, "lines[0].sku"),
        ({"lines": [{"sku": "SKU-A", "quantity": 0}]}, "lines[0].quantity"),
        ({"lines": [{"sku": "SKU-A", "quantity": -5}]}, "lines[0].quantity"),
        ({"lines": []}, "lines"),
        ({"reference": "  "}, "reference"),
        ({"destination": "damaged"}, "destination"),
        ({"location_id": 999_999}, "location_id"),
        ({"expected_at": "2026-12-01T09:00:00"}, "expected_at"),
        (
            {"lines": [{"sku": "SKU-A", "quantity": 1, "package_label": "CTN-9"}]},
            "lines[0].package_label",
        ),
        (
            {"packages": [{"label": "CTN-1", "kind": "carton", "parent_label": "PAL-9"}]},
            "packages[0].parent_label",
        ),
        (
            {
                "lines": [
                    {"sku": "SKU-A", "quantity": 1},
                    {"sku": "SKU-A", "quantity": 2},
                ]
            },
            "lines[1].sku",
        ),
    ],
)
def test_a_bad_notice_is_refused_naming_the_field_and_nothing_is_written(
    dock, change, field
) -> None:
    before = dock.rows_written()
    body = {
        "reference": "PO-9",
        "location_id": dock.warehouse_id,
        "lines": [{"sku": "SKU-A", "quantity": 3}],
        **change,
    }
    refused = problem(dock.post("/inbound-notices", body), 422)
    assert field in [refused["field"], *(e["field"] for e in refused.get("errors", []))]
    assert dock.rows_written() == before


def test_a_notice_reference_is_used_once_until_that_notice_is_cancelled(dock) -> None:
    first = dock.notice({"SKU-A": 1}, reference="PO-5")
    refused = problem(
        dock.post(
            "/inbound-notices",
            {
                "reference": "PO-5",
                "location_id": dock.warehouse_id,
                "lines": [{"sku": "SKU-A", "quantity": 1}],
            },
        ),
        422,
    )
    assert refused["field"] == "reference"
    cancelled = dock.post(
        f"/inbound-notices/{first['id']}/cancel", {"reason": "supplier cancelled"}
    )
    assert cancelled.json()["status"] == "cancelled"
    assert dock.notice({"SKU-A": 1}, reference="PO-5")["status"] == "open"


def test_a_notice_being_received_cannot_be_cancelled_nor_received_twice(dock) -> None:
    notice = dock.notice({"SKU-A": 1})
    dock.start(notice_id=notice["id"])
    assert problem(dock.post(f"/inbound-notices/{notice['id']}/cancel", {}), 409)["field"] == (
        "notice_id"
    )
    again = problem(dock.post("/receipts", {"notice_id": notice["id"]}), 409)
    assert again["code"] == "illegal_transition"
    assert dock.rows_written()["receipts"] == 1


def test_a_fba_or_unknown_location_cannot_receive(dock, runtime) -> None:
    from sqlalchemy import insert

    from ordertower.adapters.db.tables.locations import locations

    with runtime.engine.begin() as c:
        fba = c.execute(
            insert(locations)
            .values(
                code="FBA-US",
                name="FBA",
                kind="fba",
                merchant_id=dock.merchant_id,
                marketplace_id="ATVPDKIKX0DER",
            )
            .returning(locations.c.id)
        ).scalar_one()
    for location_id in (fba, 987_654):
        refused = problem(dock.post("/receipts", {"location_id": location_id}), 422)
        assert refused["field"] == "location_id"
    assert problem(dock.post("/receipts", {}), 422)["field"] == "location_id"
    assert dock.rows_written()["receipts"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"notice_id": 424_242}, "notice_id"),
        ({"receiving_bin_id": "A-01"}, "receiving_bin_id"),
        ({"destination": "quarantine"}, "destination"),
        ({"arrived_at": "2999-01-01T00:00:00Z"}, "arrived_at"),
    ],
)
def test_a_receipt_with_bad_arrival_details_is_refused(dock, body, field) -> None:
    if body.get("receiving_bin_id") == "A-01":
        body = {"receiving_bin_id": dock.bins["A-01"]}  # a storage bin, not a receiving one
    if "notice_id" not in body:
        body = {"location_id": dock.warehouse_id, **body}
    refused = problem(dock.post("/receipts", body), 422)
    assert refused["field"] == field
    assert dock.rows_written()["receipts"] == 0


def test_a_client_user_may_read_notices_but_not_create_them(dock, make_actor) -> None:
    notice = dock.notice({"SKU-A": 1})
    viewer = make_actor(Role.CLIENT, (dock.merchant_id,))
    assert viewer.client.get(f"{dock.base}/inbound-notices/{notice['id']}").status_code == 200
    body = {
        "reference": "X",
        "location_id": dock.warehouse_id,
        "lines": [{"sku": "SKU-A", "quantity": 1}],
    }
    assert problem(dock.post("/inbound-notices", body, client=viewer.client), 403)


def test_notices_and_receipts_are_listed_by_status(dock) -> None:
    open_notice = dock.notice({"SKU-A": 1}, reference="N-1")
    received = dock.notice({"SKU-A": 1}, reference="N-2")
    receipt = dock.start(notice_id=received["id"])
    listed = dock.get("/inbound-notices", status="open").json()["items"]
    assert [n["id"] for n in listed] == [open_notice["id"]]
    receipts = dock.get("/receipts", status="receiving").json()["items"]
    assert [r["id"] for r in receipts] == [receipt["id"]]
