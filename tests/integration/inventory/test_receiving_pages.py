"""The receiving, putaway and cycle count screens, driven as a browser would post them."""

import re

import pytest
from fastapi.testclient import TestClient
from receiving_dock import SKU_A_UPC, dock_for

from ordertower.domain.tenancy import Role
from ordertower.entrypoints.api.app import create_app
from ordertower.services.tenancy import access

PASSWORD = "a long test password"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def dock(runtime, stockroom, admin):
    return dock_for(runtime, stockroom, admin)


class Floor:
    """A signed-in operator of the dock's merchant, posting forms with the session's CSRF token."""

    def __init__(self, runtime, merchant_id: int) -> None:
        access.create_user(
            runtime.uow(),
            runtime.hasher,
            principal=None,
            email="floor@example.com",
            name="Floor Operator",
            role=Role.OPERATOR,
            password=PASSWORD,
            merchant_ids=(merchant_id,),
        )
        self.client = TestClient(create_app(runtime))
        login = self.client.get("/login").text
        signed = self.client.post(
            "/login",
            data={
                "username": "floor@example.com",
                "password": PASSWORD,
                "csrf_token": _csrf(login),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303, signed.text
        self.csrf = _csrf(self.client.get("/").text)

    def get(self, url: str):
        return self.client.get(url)

    def post(self, url: str, data: dict, **kwargs):
        kwargs.setdefault("follow_redirects", False)
        return self.client.post(url, data={**data, "csrf_token": self.csrf}, **kwargs)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def floor(runtime, dock):
    return Floor(runtime, dock.merchant_id)


def _received(html: str, sku: str) -> str:
    row = re.search(rf'<tr data-sku="{sku}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'class="num received">(\d+)<', row).group(1)


def test_a_notice_is_received_by_scanning_and_the_table_updates_in_place(dock, floor) -> None:
    notice = dock.notice({"SKU-A": 2, "SKU-B": 1}, reference="PO-77")
    home = floor.get("/receiving")
    assert "PO-77" in home.text

    started = floor.post("/receiving/start", {"notice_id": str(notice["id"])})
    assert started.status_code == 303
    page = floor.get(started.headers["location"])
    assert 'id="scan-code"' in page.text
    assert "autofocus" in page.text
    url = started.headers["location"] + "/scan"

    first = floor.post(
        url, {"code": SKU_A_UPC, "client_scan_id": "w-1", "quantity": "1"}, headers=HTMX
    )

    assert first.status_code == 200
    assert first.text.lstrip().startswith('<div id="scan-result">')  # only the result is swapped
    assert "1 × SKU-A received into sellable." in first.text
    assert _received(first.text, "SKU-A") == "1"

    unknown = floor.post(url, {"code": "WHAT-IS-THIS", "client_scan_id": "w-2"}, headers=HTMX)
    assert unknown.status_code == 422
    assert 'role="alert"' in unknown.text
    assert "&#39;WHAT-IS-THIS&#39; is not a barcode, FNSKU or SKU" in unknown.text
    assert _received(unknown.text, "SKU-A") == "1"

    closed = floor.post(started.headers["location"] + "/close", {})
    after = floor.get(closed.headers["location"])
    assert "2 discrepancies raised as exception items." in after.text
    assert 'id="discrepancies"' in after.text
    assert "1 unit of SKU-A arrived, 2 were expected — 1 unit short." in after.text
    assert "0 units of SKU-B arrived, 1 was expected — 1 unit short." in after.text
    assert 'id="scan-code"' not in after.text


def test_a_blind_receipt_is_started_from_the_form_and_scans_without_javascript(dock, floor) -> None:
    started = floor.post(
        "/receiving/start", {"location_id": str(dock.warehouse_id), "destination": "fba_bound"}
    )
    assert started.status_code == 303
    scanned = floor.post(
        started.headers["location"] + "/scan", {"code": "SKU-B", "client_scan_id": "n-1"}
    )
    assert scanned.status_code == 303  # plain form post: back to the page with a flash
    assert "1 × SKU-B received into fba_bound." in floor.get(scanned.headers["location"]).text
    assert dock.on_hand() == {("SKU-B", "DOCK-1", "fba_bound"): 1}


def test_putaway_screen_moves_units_and_reports_when_the_receipt_is_stocked(dock, floor) -> None:
    receipt = dock.start_blind()
    dock.scanned(receipt, "SKU-A", quantity=2)
    dock.close(receipt)
    url = f"/receiving/{receipt['id']}/putaway"
    assert 'id="putaway-bin"' in floor.get(url).text

    wrong = floor.post(
        url,
        {"bin": "BIN-NOPE", "code": "SKU-A", "quantity": "2", "client_putaway_id": "p1"},
        headers=HTMX,
    )
    assert "No bin has the barcode" in wrong.text
    assert re.search(r'id="putaway-bin"[^>]*autofocus', wrong.text)

    done = floor.post(
        url,
        {"bin": "BIN-A-02", "code": "SKU-A", "quantity": "2", "client_putaway_id": "p2"},
        headers=HTMX,
    )
    assert "2 × SKU-A put away into BIN-A-02. Everything from this receipt is stocked." in done.text
    assert dock.on_hand() == {("SKU-A", "A-02", "sellable"): 2}


def test_a_blind_count_sheet_hides_the_books_then_applies_the_difference(
    dock, floor, runtime, stockroom
) -> None:
    from ordertower.services.inventory.posting import post_movements

    post_movements(
        runtime.uow(),
        principal=stockroom.principal,
        merchant_id=stockroom.merchant_id,
        requests=[stockroom.receive("SKU-A", 9)],
    )
    made = floor.post("/counts", {"bin": "BIN-A-01", "blind": "on"})
    assert made.status_code == 303, made.text
    sheet_url = made.headers["location"]
    page = floor.get(sheet_url).text
    assert "SKU-A" not in page  # a blind full-bin count shows nothing of the books

    submitted = floor.post(
        sheet_url + "/submit",
        {
            "line-0-sku": "SKU-A",
            "line-0-pool": "sellable",
            "line-0-lot": "",
            "line-0-counted": "6",
            "line-1-sku": "",
            "line-1-pool": "sellable",
            "line-1-lot": "",
            "line-1-counted": "",
        },
    )
    assert submitted.status_code == 303, submitted.text
    shown = floor.get(sheet_url).text
    assert "<strong>-3</strong>" in shown

    applied = floor.post(sheet_url + "/apply", {"variance_threshold": "2", "reason": "spot check"})
    assert applied.status_code == 303, applied.text
    assert "1 variance(s) raised" in floor.get(sheet_url).text
    assert dock.on_hand() == {("SKU-A", "A-01", "sellable"): 6}


def test_a_count_for_a_bin_that_does_not_exist_says_so(dock, floor) -> None:
    refused = floor.post("/counts", {"bin": "BIN-Z-99", "blind": "on"})
    assert refused.status_code == 422
    assert "No bin has the barcode &#39;BIN-Z-99&#39;" in refused.text
    assert dock.rows_written()["count_sheets"] == 0
