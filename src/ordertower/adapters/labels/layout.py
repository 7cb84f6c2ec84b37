"""The 4×6 in shipping label laid out once, in 203 dpi dots, for the ZPL and PDF renderers.

Coordinates are dots from the top-left corner (ZPL's own system); the PDF renderer scales them to
points and flips the y axis. Text is fitted to its width with Helvetica's metrics, which match the
printers' scalable font 0 (CG Triumvirate, a Helvetica look-alike) closely enough for layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from .shipping_label import ShippingLabel, address_lines, check_label, printable, weight_text

DOTS_PER_INCH = 203
WIDTH_DOTS = 812  # 4 in at 203 dpi
HEIGHT_DOTS = 1218  # 6 in at 203 dpi
MARGIN = 30
_FIT_SAFETY = 0.95  # printers' font runs a little wider than Helvetica in places
_SMALLEST_SHARE = 0.7  # text shrinks to 70 % of its size before it is cut short


@dataclass(frozen=True, slots=True)
class Text:
    x: int
    y: int  # top of the text
    height: int
    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Barcode128:
    x: int
    y: int
    height: int
    module_width: int  # dots per narrow bar
    data: str


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    width: int
    height: int
    thickness: int


Element = Text | Barcode128 | Box


def fit(text: str, *, height: int, width: int, bold: bool = False) -> tuple[str, int]:
    """The text and height that fit in `width` dots: shrunk first, then cut short with '...'."""
    font = "Helvetica-Bold" if bold else "Helvetica"
    room = width * _FIT_SAFETY
    for size in range(height, int(height * _SMALLEST_SHARE) - 1, -1):
        if stringWidth(text, font, size) <= room:
            return text, size
    size = int(height * _SMALLEST_SHARE)
    while text and stringWidth(text + "...", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "...", size


def code128_modules(data: str) -> int:
    """Modules in a Code 128 symbol of `data` in subset B: start, data, check (11 each), stop 13."""
    return 11 * (len(data) + 2) + 13


def shipping_label_layout(label: ShippingLabel) -> tuple[Element, ...]:
    """Every element of the label, top to bottom; LabelInvalid when the label cannot be printed."""
    check_label(label)
    return (
        *_sender(label),
        Box(MARGIN, 215, WIDTH_DOTS - 2 * MARGIN, 4, 4),
        *_recipient(label),
        Box(MARGIN, 610, WIDTH_DOTS - 2 * MARGIN, 4, 4),
        *_service(label),
        Box(MARGIN, 745, WIDTH_DOTS - 2 * MARGIN, 4, 4),
        *_tracking(label),
        Box(MARGIN, 1100, WIDTH_DOTS - 2 * MARGIN, 4, 4),
        _line(f"REF: {printable(label.reference)}", x=MARGIN, y=1125, height=34, width=_FULL),
    )


_FULL = WIDTH_DOTS - 2 * MARGIN
_LEFT = 470  # the sender block's width; package and weight sit to its right


def _line(text: str, *, x: int, y: int, height: int, width: int, bold: bool = False) -> Text:
    shown, size = fit(text, height=height, width=width, bold=bold)
    return Text(x, y, size, shown, bold)


def _sender(label: ShippingLabel) -> list[Element]:
    elements: list[Element] = [_line("FROM:", x=MARGIN, y=30, height=22, width=_LEFT)]
    for index, text in enumerate(address_lines(label.ship_from)[:6]):
        elements.append(_line(text, x=MARGIN, y=56 + 26 * index, height=24, width=_LEFT))
    right = MARGIN + _LEFT + 20
    package = f"PKG {label.package_number} OF {label.package_count}"
    elements.append(
        _line(package, x=right, y=30, height=36, width=WIDTH_DOTS - MARGIN - right, bold=True)
    )
    elements.append(
        _line(
            weight_text(label.weight), x=right, y=80, height=36, width=WIDTH_DOTS - MARGIN - right
        )
    )
    return elements


def _recipient(label: ShippingLabel) -> list[Element]:
    elements: list[Element] = [_line("SHIP TO:", x=MARGIN, y=232, height=28, width=_FULL)]
    for index, text in enumerate(address_lines(label.ship_to)[:6]):
        elements.append(
            _line(text, x=MARGIN + 20, y=270 + 54 * index, height=46, width=_FULL - 20, bold=True)
        )
    return elements


def _service(label: ShippingLabel) -> list[Element]:
    return [
        _line(
            printable(label.service_name).upper(),
            x=MARGIN,
            y=628,
            height=64,
            width=_FULL,
            bold=True,
        ),
        _line(printable(label.carrier_name), x=MARGIN, y=702, height=30, width=_FULL),
    ]


def _tracking(label: ShippingLabel) -> list[Element]:
    data = label.tracking_number
    module = max(2, min(4, _FULL // code128_modules(data)))
    x = (WIDTH_DOTS - module * code128_modules(data)) // 2
    spaced = " ".join(data[start : start + 4] for start in range(0, len(data), 4))
    return [
        _line("TRACKING #", x=MARGIN, y=765, height=28, width=_FULL),
        Barcode128(max(MARGIN, x), 805, 220, module, data),
        _line(spaced, x=MARGIN, y=1040, height=40, width=_FULL, bold=True),
    ]
