"""Putaway: received units move from the receiving bin into storage; the last one records
dock-to-stock."""

import datetime as dt

import pytest
from receiving_dock import SKU_A_UPC, dock_for, problem
from sqlalchemy import select

from ordertower.adapters.db.tables.inventory import stock_movements


@pytest.fixture
def dock(runtime, stockroom, admin):
    return dock_for(runtime, stockroom, admin)


def _receipt(dock, **extra):
    return dock.get(f"/receipts/{extra.get('id') or extra['receipt']['id']}").json()


def test_putaway_moves_units_into_a_storage_bin_and_completes_the_receipt(dock) -> None:
    arrived = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()
    notice = dock.notice({"SKU-A": 5, "SKU-B": 2})
    receipt = dock.start(notice_id=notice["id"], arrived_at=arrived)
    dock.scanned(receipt, "SKU-A", quantity=5)
    dock.scanned(receipt, "SKU-B", quantity=2)
    assert dock.close(receipt).json()["receipt"]["status"] == "received"

    first = dock.put_away(receipt, "A-01", SKU_A_UPC, 3)
    assert first.status_code == 201, first.text
    assert first.json()["receipt"]["status"] == "received"
    dock.put_away(receipt, "A-02", "SKU-A", 2)
    last = dock.put_away(receipt, "A-02", "SKU-B", 2)

    done = last.json()["receipt"]
    assert done["status"] == "put_away"
    assert done["waiting"] == []
    assert done["putaway_completed_at"] is not None
    assert 2 * 3600 - 60 <= done["dock_to_stock_seconds"] <= 2 * 3600 + 600
    assert dock.on_hand() == {
        ("SKU-A", "A-01", "sellable"): 3,
        ("SKU-A", "A-02", "sellable"): 2,
        ("SKU-B", "A-02", "sellable"): 2,
    }
    with dock.runtime.engine.connect() as c:
        kinds = c.execute(select(stock_movements.c.kind).order_by(stock_movements.c.id)).scalars()
        assert list(kinds) == ["receipt", "receipt", "putaway", "putaway", "putaway"]


def test_putting_everything_away_before_closing_completes_the_receipt_at_close(dock) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A", quantity=2)
    dock.put_away(receipt, "A-01", "SKU-A", 2)
    assert _receipt(dock, receipt=receipt)["status"] == "receiving"

    closed = dock.close(receipt).json()["receipt"]

    assert closed["status"] == "put_away"
    assert closed["dock_to_stock_seconds"] is not None


def test_a_receipt_that_brought_nothing_is_done_at_close_without_a_dock_to_stock(dock) -> None:
    notice = dock.notice({"SKU-A": 2})
    receipt = dock.start(notice_id=notice["id"])
    closed = dock.close(receipt).json()["receipt"]
    assert closed["status"] == "put_away"
    assert closed["dock_to_stock_seconds"] is None


def test_damaged_units_are_put_away_from_the_damaged_pool_when_asked(dock) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A", quantity=3)
    dock.scanned(receipt, "SKU-A", damaged=True)

    ambiguous = problem(dock.put_away(receipt, "A-03", "SKU-A", 1), 422)
    assert ambiguous["field"] == "pool"
    assert "sellable (3)" in ambiguous["detail"]
    assert "damaged (1)" in ambiguous["detail"]

    assert dock.put_away(receipt, "A-03", "SKU-A", 1, pool="damaged").status_code == 201
    assert dock.on_hand() == {
        ("SKU-A", "DOCK-1", "sellable"): 3,
        ("SKU-A", "A-03", "damaged"): 1,
    }


def test_a_double_submitted_putaway_is_a_no_op(dock) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A", quantity=4)
    body = {"bin": "BIN-A-01", "code": "SKU-A", "quantity": 2, "client_putaway_id": "p-1"}
    first = dock.post(f"/receipts/{receipt['id']}/putaways", body)
    again = dock.post(f"/receipts/{receipt['id']}/putaways", body)
    assert first.status_code == 201, first.text
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert dock.on_hand() == {
        ("SKU-A", "DOCK-1", "sellable"): 2,
        ("SKU-A", "A-01", "sellable"): 2,
    }


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"bin": "BIN-NOWHERE"}, "bin", "No bin has the barcode"),
        ({"bin": "BIN-DOCK-1"}, "bin", "receiving zone"),
        ({"code": "SKU-B"}, "code", "No units of SKU-B"),
        ({"code": "GHOST"}, "code", "is not a barcode, FNSKU or SKU"),
        ({"quantity": 9}, "quantity", "Only 4 units of SKU-A"),
        ({"quantity": 0}, "quantity", "from 1 to"),
        ({"quantity": -1}, "quantity", "from 1 to"),
    ],
)
def test_a_bad_putaway_is_refused_naming_the_problem_and_nothing_moves(
    dock, change, field, says
) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A", quantity=4)
    before = dock.rows_written()
    body = {"bin": "BIN-A-01", "code": "SKU-A", "quantity": 2, "client_putaway_id": "p", **change}

    refused = problem(dock.post(f"/receipts/{receipt['id']}/putaways", body), 422)

    assert refused["field"] == field
    assert says in refused["detail"]
    assert dock.rows_written() == before
    assert dock.on_hand() == {("SKU-A", "DOCK-1", "sellable"): 4}


def test_a_bin_of_another_warehouse_is_refused(dock, runtime) -> None:
    from sqlalchemy import insert

    from ordertower.adapters.db.tables.locations import bins, zones

    with runtime.engine.begin() as c:
        zone = c.execute(
            insert(zones)
            .values(location_id=dock.other_warehouse_id, code="S", name="S", kind="storage")
            .returning(zones.c.id)
        ).scalar_one()
        c.execute(
            insert(bins).values(
                location_id=dock.other_warehouse_id,
                zone_id=zone,
                code="W-01",
                barcode="BIN-W-01",
                sort_key="W-01",
            )
        )
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A")
    refused = problem(dock.put_away(receipt, "W-01", "SKU-A", 1), 422)
    assert refused["field"] == "bin"
    assert "another location" in refused["detail"]
