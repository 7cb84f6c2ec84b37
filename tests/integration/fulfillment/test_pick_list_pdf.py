"""The printable pick list: the wave's stops in walking order, what to take for which order, a
header on every page; served as a PDF to anyone who may read the merchant, 404 for anyone else."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from ordertower.adapters.labels.pick_list import PickRow, pick_list_pdf


def pdf_text(tmp_path, content: bytes, *pages: int) -> str:
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(
        ["pdftotext", "-layout", *first_last, str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def page_count(tmp_path, content: bytes) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def rows_of(listed: str) -> list[list[str]]:
    """The table's rows as words, from the header row on."""
    lines = [line.split() for line in listed.splitlines() if line.strip()]
    start = next(i for i, words in enumerate(lines) if words[:3] == ["#", "Bin", "Zone"])
    return lines[start + 1 :]


@pytest.fixture
def base(floor):
    return f"/api/v1/merchants/{floor.merchant_id}"


def test_the_pick_list_walks_the_stops_and_names_each_order(runtime, floor, admin, base, tmp_path):
    floor.stock("SKU-A", 5, "A-10", lot="L7", expires_on=dt.date(2030, 1, 1))
    floor.stock("SKU-B", 5, "A-2")
    floor.stock("SKU-C", 1, None)
    first = floor.order({"SKU-A": 2, "SKU-B": 1})
    second = floor.order({"SKU-A": 1, "SKU-C": 1})
    wave = admin.client.post(f"{base}/waves", json={"location_id": floor.warehouse_id}).json()
    numbers = {o["order_id"]: o["order_number"] for s in wave["pick_list"] for o in s["lines"]}

    printed = admin.client.get(f"{base}/waves/{wave['id']}/pick-list.pdf")

    assert printed.status_code == 200
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.headers["content-disposition"] == (
        f'inline; filename="wave-{wave["id"]}-pick-list.pdf"'
    )
    assert printed.content.startswith(b"%PDF")
    listed = pdf_text(tmp_path, printed.content)
    assert f"Pick list: wave {wave['id']}" in listed
    assert "WH-FLOOR · 2 orders · 5 units" in listed
    # One row per (stop, order): the stop number and bin on a stop's first row only.
    assert rows_of(listed) == [
        ["1", "A-2", "PICK", "SKU-B", "1", numbers[first], "[", "]"],
        ["2", "A-10", "PICK", "SKU-A", "L7", "2", numbers[first], "[", "]"],
        ["SKU-A", "L7", "1", numbers[second], "[", "]"],
        ["3", "(no", "bin)", "SKU-C", "1", numbers[second], "[", "]"],
    ]


def test_a_long_pick_list_repeats_its_header_on_every_page(tmp_path):
    rows = [
        PickRow(
            stop=n // 2 + 1,
            bin_code=f"A-{n // 2 + 1}",
            zone_code="PICK",
            sku=f"SKU-{n}",
            lot="",
            quantity=1,
            order_number=f"#{5000 + n}",
        )
        for n in range(150)
    ]
    content = pick_list_pdf(title="Pick list: wave 9", subtitle="WH-FLOOR", rows=rows)
    pages = page_count(tmp_path, content)
    assert pages >= 3
    for page in range(2, pages + 1):
        assert rows_of(pdf_text(tmp_path, content, page))  # the header row is there, rows follow
    every = pdf_text(tmp_path, content)
    assert [w[-3] for w in rows_of_all(every)] == [f"#{5000 + n}" for n in range(150)]


def rows_of_all(listed: str) -> list[list[str]]:
    """Every table row of every page (header rows left out), in print order."""
    return [
        words
        for words in (line.split() for line in listed.splitlines())
        if words and words[-2:] == ["[", "]"]
    ]


def test_a_reader_prints_it_and_another_merchant_cannot(
    runtime, floor, admin, base, make_actor, tmp_path
):
    from ordertower.domain.tenancy import Role

    floor.stock("SKU-A", 1, "A-10")
    floor.order({"SKU-A": 1})
    wave = admin.client.post(f"{base}/waves", json={"location_id": floor.warehouse_id}).json()
    reader = make_actor(Role.CLIENT, (floor.merchant_id,))
    printed = reader.client.get(f"{base}/waves/{wave['id']}/pick-list.pdf")
    assert printed.status_code == 200
    assert "A-10" in pdf_text(tmp_path, printed.content)
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    elsewhere = admin.client.get(
        f"/api/v1/merchants/{other['id']}/waves/{wave['id']}/pick-list.pdf"
    )
    assert elsewhere.status_code == 404
    assert admin.client.get(f"{base}/waves/999999/pick-list.pdf").status_code == 404
    assert admin.client.get(f"{base}/waves/0/pick-list.pdf").status_code == 422
