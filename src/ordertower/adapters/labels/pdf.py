"""The shipping label as a one-page 4×6 in PDF, drawn with reportlab from the shared layout."""

from __future__ import annotations

import io

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from .layout import (
    DOTS_PER_INCH,
    HEIGHT_DOTS,
    Barcode128,
    Box,
    Element,
    Text,
    shipping_label_layout,
)
from .shipping_label import ShippingLabel

PAGE = (4 * inch, 6 * inch)
_POINTS_PER_DOT = 72 / DOTS_PER_INCH
_BASELINE = 0.78  # a text line's baseline sits this far down its height (Helvetica, font 0)


def _pt(dots: float) -> float:
    return dots * _POINTS_PER_DOT


def _from_top(dots: float) -> float:
    """A y position in dots from the top as PDF points from the bottom."""
    return _pt(HEIGHT_DOTS - dots)


def render_pdf(elements: tuple[Element, ...], *, title: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("OrderTower")
    for element in elements:
        if isinstance(element, Text):
            canvas.setFont("Helvetica-Bold" if element.bold else "Helvetica", _pt(element.height))
            baseline = element.y + element.height * _BASELINE
            canvas.drawString(_pt(element.x), _from_top(baseline), element.text)
        elif isinstance(element, Barcode128):
            _draw_barcode(canvas, element)
        elif isinstance(element, Box):
            canvas.rect(
                _pt(element.x),
                _from_top(element.y + element.height),
                _pt(element.width),
                _pt(element.height),
                stroke=0,
                fill=1,
            )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_barcode(canvas: Canvas, element: Barcode128) -> None:
    barcode = Code128(
        element.data,
        barWidth=_pt(element.module_width),
        barHeight=_pt(element.height),
        quiet=False,
        humanReadable=False,
    )
    centre = PAGE[0] / 2
    barcode.drawOn(canvas, centre - barcode.width / 2, _from_top(element.y + element.height))


def shipping_label_pdf(label: ShippingLabel) -> bytes:
    """The 4×6 in label as PDF bytes; LabelInvalid when the label cannot be printed."""
    return render_pdf(shipping_label_layout(label), title=f"Label {label.tracking_number}")
