"""A wave's pick list as a printable PDF (US Letter): the stops in walking order, a box to tick."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_HEADER = ["#", "Bin", "Zone", "SKU", "Lot", "Qty", "Order", "Done"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PickRow:
    stop: int
    bin_code: str
    zone_code: str
    sku: str
    lot: str
    quantity: int
    order_number: str


def pick_list_pdf(*, title: str, subtitle: str, rows: Sequence[PickRow]) -> bytes:
    """The list, repeated header on every page; a stop's bin is printed on its first row only."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=title,
        creator="OrderTower",
        leftMargin=0.5 * inch,
        rightMargin=0.5 * inch,
        topMargin=0.5 * inch,
        bottomMargin=0.5 * inch,
    )
    styles = getSampleStyleSheet()
    data = [_HEADER]
    previous = None
    for row in rows:
        first = row.stop != previous
        previous = row.stop
        data.append(
            [
                str(row.stop) if first else "",
                row.bin_code if first else "",
                row.zone_code if first else "",
                row.sku,
                row.lot,
                str(row.quantity),
                row.order_number,
                "[  ]",
            ]
        )
    table = Table(
        data,
        repeatRows=1,
        colWidths=[
            0.4 * inch,
            1.1 * inch,
            0.8 * inch,
            1.6 * inch,
            0.9 * inch,
            0.5 * inch,
            1.6 * inch,
            0.4 * inch,
        ],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (5, 0), (5, -1), "RIGHT"),
            ]
        )
    )
    document.build(
        [
            Paragraph(title, styles["Title"]),
            Paragraph(subtitle, styles["Normal"]),
            Spacer(1, 0.2 * inch),
            table,
        ]
    )
    return buffer.getvalue()
