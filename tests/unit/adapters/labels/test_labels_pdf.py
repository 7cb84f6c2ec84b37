"""The shipping label as PDF: one 4×6 inch page that renders, with a barcode that scans."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from label_examples import known_label

from ordertower.adapters.labels import shipping_label_pdf


def test_the_label_is_a_pdf_of_one_page_of_4_by_6_inches() -> None:
    pdf = shipping_label_pdf(known_label())

    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1
    assert re.search(rb"/MediaBox \[ 0 0 288 432 \]", pdf)


def test_the_same_label_gives_the_same_bytes() -> None:
    assert shipping_label_pdf(known_label()) == shipping_label_pdf(known_label())


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")
def test_poppler_reads_one_page_of_288_by_432_points(tmp_path: Path) -> None:
    path = tmp_path / "label.pdf"
    path.write_bytes(shipping_label_pdf(known_label()))

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout

    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+288 x 432 pts", info, re.MULTILINE)


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None,
    reason="needs pdftoppm (poppler-utils) and zbarimg (zbar-tools)",
)
def test_the_tracking_barcode_scans_back_to_the_tracking_number(tmp_path: Path) -> None:
    path = tmp_path / "label.pdf"
    path.write_bytes(shipping_label_pdf(known_label()))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )

    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout

    assert scanned.split() == ["OT00000012342"]
