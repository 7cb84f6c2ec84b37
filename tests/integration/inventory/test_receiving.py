"""Receiving by scan against an advance notice or blind: units land in receiving, discrepancies
become exception items, a double-submitted scan changes nothing."""

import pytest
from receiving_dock import SKU_A_UPC, SKU_B_EAN, SKU_C_FNSKU, dock_for, problem


@pytest.fixture
def dock(runtime, stockroom, admin):
    return dock_for(runtime, stockroom, admin)


def test_scans_by_upc_ean_fnsku_and_sku_land_units_in_the_receiving_bin(dock) -> None:
    notice = dock.notice({"SKU-A": 2, "SKU-B": 1, "SKU-C": 1})
    receipt = dock.start(notice_id=notice["id"])
    assert receipt["receiving_bin_id"] == dock.bins["DOCK-1"]

    for code in (SKU_A_UPC, "SKU-A", SKU_B_EAN, SKU_C_FNSKU.lower()):
        dock.scanned(receipt, code)

    assert dock.on_hand() == {
        ("SKU-A", "DOCK-1", "sellable"): 2,
        ("SKU-B", "DOCK-1", "sellable"): 1,
        ("SKU-C", "DOCK-1", "sellable"): 1,
    }
    current = dock.get(f"/receipts/{receipt['id']}").json()
    assert [(line["sku"], line["expected"], line["received"]) for line in current["lines"]] == [
        ("SKU-A", 2, 2),
        ("SKU-B", 1, 1),
        ("SKU-C", 1, 1),
    ]
    assert current["discrepancies"] == []
    assert dock.get(f"/inbound-notices/{notice['id']}").json()["status"] == "receiving"


def test_an_upc_scanned_as_its_ean_13_or_gtin_14_form_finds_the_same_product(dock) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "0" + SKU_A_UPC)
    dock.scanned(receipt, "00" + SKU_A_UPC)
    assert dock.on_hand() == {("SKU-A", "DOCK-1", "sellable"): 2}


def test_closing_raises_one_exception_item_per_over_short_damaged_and_unexpected_sku(dock) -> None:
    notice = dock.notice({"SKU-A": 10, "SKU-B": 5})
    receipt = dock.start(notice_id=notice["id"])
    dock.scanned(receipt, "SKU-A", quantity=12)
    dock.scanned(receipt, "SKU-B", quantity=2)
    dock.scanned(receipt, "SKU-B", quantity=1, damaged=True)
    dock.scanned(receipt, "SKU-C", quantity=4)

    closed = dock.close(receipt, reason="end of shift")

    assert closed.status_code == 200, closed.text
    raised = {
        (i["reason_code"], i["details"]["sku"], i["details"]["quantity"])
        for i in closed.json()["exception_items"]
    }
    assert raised == {
        ("receiving_over", "SKU-A", 2),
        ("receiving_short", "SKU-B", 2),
        ("receiving_damaged", "SKU-B", 1),
        ("receiving_unexpected_sku", "SKU-C", 4),
    }
    listed = dock.exception_items(subject_kind="receipt", subject_id=str(receipt["id"]))
    assert len(listed) == 4
    over = next(i for i in listed if i["reason_code"] == "receiving_over")
    assert over["message"] == (
        f"Receipt {receipt['id']} (notice PO-1001): 12 units of SKU-A arrived, 10 were expected "
        "— 2 units over."
    )
    assert over["status"] == "open"
    assert dock.on_hand() == {
        ("SKU-A", "DOCK-1", "sellable"): 12,
        ("SKU-B", "DOCK-1", "sellable"): 2,
        ("SKU-B", "DOCK-1", "damaged"): 1,
        ("SKU-C", "DOCK-1", "sellable"): 4,
    }
    assert closed.json()["receipt"]["status"] == "received"
    assert dock.get(f"/inbound-notices/{notice['id']}").json()["status"] == "closed"
    assert "receipt.closed" in dock.audit_actions()


def test_a_receipt_that_matches_its_notice_raises_nothing(dock) -> None:
    notice = dock.notice({"SKU-A": 3})
    receipt = dock.start(notice_id=notice["id"])
    dock.scanned(receipt, "SKU-A", quantity=3)
    closed = dock.close(receipt)
    assert closed.json()["exception_items"] == []
    assert dock.exception_items() == []


def test_a_blind_receipt_raises_only_damage(dock) -> None:
    receipt = dock.start_blind()
    assert receipt["notice_id"] is None
    dock.scanned(receipt, "SKU-A", quantity=5)
    dock.scanned(receipt, "SKU-B", quantity=1, damaged=True)

    closed = dock.close(receipt).json()

    assert [(i["reason_code"], i["details"]["sku"]) for i in closed["exception_items"]] == [
        ("receiving_damaged", "SKU-B")
    ]
    assert [(line["sku"], line["expected"]) for line in closed["receipt"]["lines"]] == [
        ("SKU-A", None),
        ("SKU-B", None),
    ]


def test_a_notice_destined_for_amazon_receives_into_fba_bound(dock) -> None:
    notice = dock.notice({"SKU-A": 4}, destination="fba_bound", reference="FBA-1")
    receipt = dock.start(notice_id=notice["id"])
    assert receipt["destination"] == "fba_bound"
    dock.scanned(receipt, "SKU-A", quantity=4)
    dock.scanned(receipt, "SKU-A", damaged=True)
    assert dock.on_hand() == {
        ("SKU-A", "DOCK-1", "fba_bound"): 4,
        ("SKU-A", "DOCK-1", "damaged"): 1,
    }


def test_a_blind_receipt_may_send_units_to_fba_bound(dock) -> None:
    receipt = dock.start_blind(destination="fba_bound")
    dock.scanned(receipt, "SKU-B", quantity=2)
    assert dock.on_hand() == {("SKU-B", "DOCK-1", "fba_bound"): 2}


def test_a_double_submitted_scan_is_a_no_op(dock) -> None:
    receipt = dock.start_blind()
    body = {"code": "SKU-A", "client_scan_id": "gun-7-0001", "quantity": 3}

    first = dock.post(f"/receipts/{receipt['id']}/scans", body)
    again = dock.post(f"/receipts/{receipt['id']}/scans", body)

    assert first.status_code == 201, first.text
    assert again.status_code == 200, again.text
    assert again.json()["replayed"] is True
    assert again.json()["scan"]["id"] == first.json()["scan"]["id"]
    assert again.json()["scan"]["movement_id"] == first.json()["scan"]["movement_id"]
    assert dock.on_hand() == {("SKU-A", "DOCK-1", "sellable"): 3}
    assert dock.rows_written()["stock_movements"] == 1
    assert dock.rows_written()["receipt_scans"] == 1


def test_a_scan_id_reused_for_other_contents_is_refused(dock) -> None:
    receipt = dock.start_blind()
    dock.post(f"/receipts/{receipt['id']}/scans", {"code": "SKU-A", "client_scan_id": "s-1"})
    reused = dock.post(
        f"/receipts/{receipt['id']}/scans", {"code": "SKU-B", "client_scan_id": "s-1"}
    )
    body = problem(reused, 409)
    assert body["code"] == "idempotency_key_reused"
    assert body["field"] == "client_scan_id"
    assert dock.on_hand() == {("SKU-A", "DOCK-1", "sellable"): 1}


def test_an_unknown_code_is_refused_naming_it_and_nothing_is_written(dock) -> None:
    receipt = dock.start_blind()
    before = dock.rows_written()

    body = problem(dock.scan(receipt, "NO-SUCH-THING"), 422)

    assert body["code"] == "unknown_code"
    assert body["field"] == "code"
    assert "'NO-SUCH-THING' is not a barcode, FNSKU or SKU" in body["detail"]
    assert dock.rows_written() == before


def test_a_barcode_with_a_wrong_check_digit_says_so(dock) -> None:
    receipt = dock.start_blind()
    body = problem(dock.scan(receipt, "012345678901"), 422)
    assert body["code"] == "unknown_code"
    assert "check digit" in body["detail"]


def test_a_code_that_names_two_products_is_refused_as_ambiguous(dock, runtime) -> None:
    from sqlalchemy import update

    from ordertower.adapters.db.tables.catalog import products

    with runtime.engine.begin() as c:  # SKU-B's SKU is SKU-A's UPC: the scan cannot tell
        c.execute(
            update(products).where(products.c.id == dock.products["SKU-B"]).values(sku=SKU_A_UPC)
        )
    receipt = dock.start_blind()
    body = problem(dock.scan(receipt, SKU_A_UPC), 422)
    assert body["code"] == "ambiguous_code"
    assert "SKU-A" in body["detail"]
    assert SKU_A_UPC in body["detail"]


def test_a_bundle_cannot_be_received(dock) -> None:
    receipt = dock.start_blind()
    body = problem(dock.scan(receipt, "BUNDLE-AB"), 422)
    assert "bundle" in body["detail"]


@pytest.mark.parametrize("quantity", [0, -3, 10**12])
def test_a_scan_of_a_non_positive_or_absurd_quantity_is_refused(dock, quantity) -> None:
    receipt = dock.start_blind()
    before = dock.rows_written()
    body = problem(dock.scan(receipt, "SKU-A", quantity=quantity), 422)
    assert body["field"] == "quantity"
    assert dock.rows_written() == before


def test_an_expiration_dated_sku_needs_its_expiry_date(dock) -> None:
    receipt = dock.start_blind()
    body = problem(dock.scan(receipt, "SKU-EXP"), 422)
    assert body["field"] == "expires_on"

    dock.scanned(receipt, "SKU-EXP", quantity=6, lot="L42", expires_on="2027-03-31")
    current = dock.get(f"/receipts/{receipt['id']}").json()
    assert current["waiting"] == [
        {
            "sku": "SKU-EXP",
            "pool": "sellable",
            "lot": "L42",
            "expires_on": "2027-03-31",
            "quantity": 6,
        }
    ]


def test_a_closed_receipt_takes_no_more_scans(dock) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A")
    dock.close(receipt)
    body = problem(dock.scan(receipt, "SKU-A"), 409)
    assert body["field"] == "receipt_id"
    assert dock.close(receipt).status_code == 409


def test_another_merchants_receipt_is_not_found(dock, make_actor) -> None:
    from ordertower.domain.tenancy import Role

    receipt = dock.start_blind()
    other = dock.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    stranger = make_actor(Role.MANAGER, (other["id"],))
    response = stranger.client.post(
        f"/api/v1/merchants/{other['id']}/receipts/{receipt['id']}/scans",
        json={"code": "SKU-A", "client_scan_id": "x"},
    )
    assert problem(response, 404)["field"] == "receipt_id"
    intruding = dock.post(
        f"/receipts/{receipt['id']}/scans",
        {"code": "SKU-A", "client_scan_id": "y"},
        client=stranger.client,
    )
    assert intruding.status_code == 404
    assert dock.on_hand() == {}


def test_an_operator_may_receive_but_a_client_user_may_not(dock, make_actor) -> None:
    from ordertower.domain.tenancy import Role

    receipt = dock.start_blind()
    operator = make_actor(Role.OPERATOR, (dock.merchant_id,))
    client = make_actor(Role.CLIENT, (dock.merchant_id,))
    body = {"code": "SKU-A", "client_scan_id": "op-1"}
    assert (
        dock.post(f"/receipts/{receipt['id']}/scans", body, client=operator.client).status_code
        == 201
    )
    refused = dock.post(
        f"/receipts/{receipt['id']}/scans", {**body, "client_scan_id": "cl-1"}, client=client.client
    )
    assert problem(refused, 403)["code"] == "forbidden"
    assert dock.on_hand() == {("SKU-A", "DOCK-1", "sellable"): 1}


def test_resolving_an_exception_item_needs_a_note_and_happens_once(dock) -> None:
    notice = dock.notice({"SKU-A": 2})
    receipt = dock.start(notice_id=notice["id"])
    dock.close(receipt)
    [item] = dock.exception_items(status="open")
    assert item["reason_code"] == "receiving_short"
    url = f"/exception-items/{item['id']}/resolve"

    assert problem(dock.post(url, {"note": "  "}), 422)["field"] == "note"
    resolved = dock.post(url, {"note": "Supplier credits 2 units"})
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["notes"] == "Supplier credits 2 units"
    assert problem(dock.post(url, {"note": "again"}), 409)["code"] == "illegal_transition"
    assert dock.exception_items(status="open") == []
    assert "exception_item.resolved" in dock.audit_actions()


def test_the_same_scan_sent_twice_at_once_posts_one_movement(dock, runtime, admin) -> None:
    import threading

    from ordertower.services.receiving import scanning

    receipt = dock.start_blind()
    barrier = threading.Barrier(2)
    outcomes = []

    def send() -> None:
        barrier.wait()
        outcomes.append(
            scanning.receive_scan(
                runtime.uow(),
                principal=admin.principal,
                merchant_id=dock.merchant_id,
                receipt_id=receipt["id"],
                scan=scanning.ScanInput(code="SKU-A", client_scan_id="bounce", quantity=2),
            )
        )

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(o.replayed for o in outcomes) == [False, True]
    assert len({o.scan.id for o in outcomes}) == 1
    assert dock.on_hand() == {("SKU-A", "DOCK-1", "sellable"): 2}
    assert dock.rows_written()["stock_movements"] == 1
