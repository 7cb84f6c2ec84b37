"""The floor through the API: wave, scans, package with label downloads, ship; bad input is a 4xx."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import text

from ordertower.entrypoints.workers import app as workers


@pytest.fixture
def base(floor):
    return f"/api/v1/merchants/{floor.merchant_id}"


def _count(runtime, table: str) -> int:
    with runtime.engine.connect() as c:
        return c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_pick_pack_and_ship_through_the_api(runtime, floor, admin, base, tmp_path):
    client = admin.client
    floor.stock("SKU-A", 3, "A-10")
    order_id = floor.order({"SKU-A": 2})
    preview = client.post(f"{base}/waves/preview", json={"location_id": floor.warehouse_id})
    assert preview.json()["matching_orders"] == 1
    wave = client.post(f"{base}/waves", json={"location_id": floor.warehouse_id})
    assert wave.status_code == 201, wave.text
    stop = wave.json()["pick_list"][0]
    assert (stop["bin_code"], stop["lines"][0]["quantity"]) == ("A-10", 2)
    assert client.get(f"{base}/waves").json()["items"][0]["id"] == wave.json()["id"]
    assert client.get(f"{base}/waves/{wave.json()['id']}").status_code == 200
    printed = client.get(f"{base}/waves/{wave.json()['id']}/pick-list.pdf")
    (tmp_path / "pick.pdf").write_bytes(printed.content)
    listed = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "pick.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "A-10" in listed
    assert "SKU-A" in listed

    wrong = client.post(
        f"{base}/orders/{order_id}/scans", json={"code": "SKU-B", "client_scan_id": "w1"}
    )
    assert wrong.status_code == 201
    assert wrong.json()["scan"]["outcome"] == "wrong_item"
    for n in range(2):
        ok = client.post(
            f"{base}/orders/{order_id}/scans", json={"code": "SKU-A", "client_scan_id": f"a{n}"}
        )
        assert ok.json()["scan"]["accepted"], ok.text
    replay = client.post(
        f"{base}/orders/{order_id}/scans", json={"code": "SKU-A", "client_scan_id": "a1"}
    )
    assert replay.status_code == 200
    assert replay.json()["order"]["complete"]

    package = client.post(
        f"{base}/orders/{order_id}/packages",
        json={
            "weight": {"value": "500", "unit": "g"},
            "dimensions": {"length": "20", "width": "15", "height": "5", "unit": "cm"},
        },
    )
    assert package.status_code == 201, package.text
    body = package.json()
    assert body["state"] == "labelled"
    assert body["weight_lb"] == "1.1023"
    pdf = client.get(f"{base}/packages/{body['id']}/label.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "label.pdf").write_bytes(pdf.content)
    words = subprocess.run(
        ["pdftotext", str(tmp_path / "label.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert body["tracking_number"] in words.replace(" ", "")
    zpl = client.get(f"{base}/packages/{body['id']}/label.zpl").text
    assert zpl.startswith("^XA")
    assert body["tracking_number"] in zpl

    shipped = client.post(f"{base}/packages/{body['id']}/ship", json={})
    assert shipped.status_code == 200, shipped.text
    assert shipped.json()["order_state"] == "shipped"
    again = client.post(f"{base}/orders/{order_id}/ship", json={})
    assert again.json()["shipped"] == []
    station = client.get(f"{base}/orders/{order_id}/station").json()
    assert station["prevented_errors"] == 1
    assert station["lines"][0]["shipped"] == 2

    workers.drain(workers.build(runtime))  # a manual order: nobody to tell, the job succeeds
    with runtime.engine.connect() as c:
        status = c.execute(
            text("SELECT status FROM procrastinate_jobs WHERE task_name = :t"),
            {"t": "channels.confirm_shipment"},
        ).scalar_one()
    assert status == "succeeded"


def test_a_channel_without_a_connector_leaves_the_write_back_to_retry(runtime, floor, admin, base):
    floor.stock("SKU-A", 1, "A-10")
    order_id = floor.order({"SKU-A": 1}, channel="shopify")
    client = admin.client
    client.post(f"{base}/waves", json={"location_id": floor.warehouse_id})
    client.post(f"{base}/orders/{order_id}/scans", json={"code": "SKU-A", "client_scan_id": "x"})
    package = client.post(
        f"{base}/orders/{order_id}/packages", json={"weight": {"value": "1", "unit": "lb"}}
    ).json()
    client.post(f"{base}/packages/{package['id']}/ship", json={})
    workers.drain(workers.build(runtime))
    with runtime.engine.connect() as c:
        job = c.execute(
            text("SELECT status, attempts FROM procrastinate_jobs WHERE task_name = :t"),
            {"t": "channels.confirm_shipment"},
        ).one()
    assert job.status == "todo"  # scheduled again for a later attempt
    assert job.attempts == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"location_id": 1, "service_levels": ["overnight"]}, "service_levels"),
        ({"location_id": 1, "max_orders": 0}, "max_orders"),
        ({"location_id": 1, "ship_by_before": "2026-01-01T00:00:00"}, "ship_by_before"),
        ({"location_id": 1, "colour": "red"}, "colour"),
    ],
)
def test_bad_wave_criteria_are_a_422_naming_the_field(runtime, floor, admin, base, body, field):
    floor.stock("SKU-A", 1, "A-10")
    order_id = floor.order({"SKU-A": 1})
    response = admin.client.post(f"{base}/waves", json=body)
    assert response.status_code == 422, response.text
    assert field in response.text
    assert floor.state(order_id) == "allocated"
    assert _count(runtime, "waves") == 0


def test_bad_package_input_is_a_422_and_packs_nothing(runtime, floor, admin, base):
    floor.stock("SKU-A", 1, "A-10")
    order_id = floor.order({"SKU-A": 1})
    client = admin.client
    client.post(f"{base}/waves", json={"location_id": floor.warehouse_id})
    client.post(f"{base}/orders/{order_id}/scans", json={"code": "SKU-A", "client_scan_id": "x"})
    for weight, field in (({"value": "-1", "unit": "lb"}, "weight.value"),
                          ({"value": "1", "unit": "stone"}, "unit")):  # fmt: skip
        response = client.post(f"{base}/orders/{order_id}/packages", json={"weight": weight})
        assert response.status_code == 422, response.text
        assert field in response.text
    assert _count(runtime, "packages") == 0
    missing = client.get(f"{base}/packages/999999/label.pdf")
    assert missing.status_code == 404


def test_an_operator_can_scan_but_a_client_user_cannot(runtime, floor, make_actor, base):
    from ordertower.domain.tenancy import Role

    floor.stock("SKU-A", 1, "A-10")
    floor.order({"SKU-A": 1})
    viewer = make_actor(Role.CLIENT, (floor.merchant_id,))
    refused = viewer.client.post(f"{base}/waves", json={"location_id": floor.warehouse_id})
    assert refused.status_code == 403
    operator = make_actor(Role.OPERATOR, (floor.merchant_id,))
    released = operator.client.post(f"{base}/waves", json={"location_id": floor.warehouse_id})
    assert released.status_code == 201


def test_a_split_order_is_scanned_packed_and_shipped_per_warehouse(runtime, floor, admin, base):
    client = admin.client
    west = floor.add_warehouse()
    floor.stock("SKU-A", 1, "A-10")
    floor.stock("SKU-B", 1, "W-1", location_id=west)
    order_id = floor.order({"SKU-A": 1, "SKU-B": 1}, at={"SKU-B": {west: 1}})
    for location_id in (floor.warehouse_id, west):
        wave = client.post(f"{base}/waves", json={"location_id": location_id})
        assert wave.status_code == 201, wave.text
    scans = f"{base}/orders/{order_id}/scans"
    unsure = client.post(scans, json={"code": "SKU-A", "client_scan_id": "a0"})
    assert unsure.status_code == 422, unsure.text
    assert "location_id" in unsure.text
    here = client.post(
        scans, json={"code": "SKU-A", "client_scan_id": "a1", "location_id": floor.warehouse_id}
    )
    assert here.status_code == 201, here.text
    assert here.json()["order"]["location_id"] == floor.warehouse_id
    assert here.json()["order"]["complete"]
    station = client.get(f"{base}/orders/{order_id}/station", params={"location_id": west}).json()
    assert [(line["sku"], line["still_needed"]) for line in station["lines"]] == [("SKU-B", 1)]
    package = client.post(
        f"{base}/orders/{order_id}/packages",
        json={"weight": {"value": "1", "unit": "lb"}, "location_id": floor.warehouse_id},
    )
    assert package.status_code == 201, package.text
    shipped = client.post(
        f"{base}/orders/{order_id}/ship", params={"location_id": floor.warehouse_id}, json={}
    )
    assert shipped.json()["order_state"] == "partially_shipped", shipped.text
    client.post(scans, json={"code": "SKU-B", "client_scan_id": "b1", "location_id": west})
    client.post(f"{base}/orders/{order_id}/packages", json={"weight": {"value": "1", "unit": "lb"}})
    assert client.post(f"{base}/orders/{order_id}/ship", json={}).json()["order_state"] == "shipped"
