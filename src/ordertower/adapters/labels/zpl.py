"""A small ZPL II builder for 203 dpi thermal printers, and the shipping label in ZPL.

A label is one format, ^XA … ^XZ: UTF-8 text (^CI28), print width and length set (^PW, ^LL), and
fields, each placed by ^FO and ended by ^FS. Field data goes through ^FH with `\\` as the escape
character, so `^`, `~` and `\\` in data (which the printer would read as commands) and every byte
outside printable ASCII are written as `\\hh` hex bytes of their UTF-8 encoding.
"""

from __future__ import annotations

from .layout import HEIGHT_DOTS, WIDTH_DOTS, Barcode128, Box, Element, Text, shipping_label_layout
from .shipping_label import ShippingLabel

_ESCAPED = frozenset("^~\\")


def field_data(text: str) -> str:
    """`text` as ^FH\\ field data: printable ASCII as is, everything else as `\\hh` bytes."""
    out = []
    for char in text:
        if " " <= char <= "~" and char not in _ESCAPED:
            out.append(char)
        else:
            out.extend(f"\\{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


class ZplBuilder:
    """Collects fields in label order; `build()` wraps them in one ^XA … ^XZ format."""

    def __init__(self, *, width: int = WIDTH_DOTS, height: int = HEIGHT_DOTS) -> None:
        self._header = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0"]
        self._fields: list[str] = []

    def text(self, x: int, y: int, text: str, *, height: int) -> ZplBuilder:
        """Scalable font 0 text, `height` dots tall, its top-left corner at (x, y)."""
        self._fields.append(f"^FO{x},{y}^A0N,{height},{height}^FH\\^FD{field_data(text)}^FS")
        return self

    def code128(self, x: int, y: int, data: str, *, height: int, module_width: int) -> ZplBuilder:
        """A Code 128 barcode (subset B, no printed interpretation line), `height` dots tall.

        `>` starts a subset or function code inside ^BC data, so data containing it is refused.
        """
        if ">" in data or not data.isascii() or not data.isprintable():
            raise ValueError(f"Code 128 data must be printable ASCII without '>', got {data!r}")
        self._fields.append(
            f"^FO{x},{y}^BY{module_width}^BCN,{height},N,N,N^FH\\^FD{field_data(data)}^FS"
        )
        return self

    def box(self, x: int, y: int, width: int, height: int, *, thickness: int) -> ZplBuilder:
        """A rectangle (a line when `height` equals `thickness`), drawn in black."""
        self._fields.append(f"^FO{x},{y}^GB{width},{height},{thickness}^FS")
        return self

    def build(self) -> str:
        return "\n".join([*self._header, *self._fields, "^XZ"]) + "\n"


def render_zpl(elements: tuple[Element, ...]) -> str:
    builder = ZplBuilder()
    for element in elements:
        if isinstance(element, Text):
            builder.text(element.x, element.y, element.text, height=element.height)
        elif isinstance(element, Barcode128):
            builder.code128(
                element.x,
                element.y,
                element.data,
                height=element.height,
                module_width=element.module_width,
            )
        elif isinstance(element, Box):
            builder.box(
                element.x, element.y, element.width, element.height, thickness=element.thickness
            )
    return builder.build()


def shipping_label_zpl(label: ShippingLabel) -> str:
    """The 4×6 in label as one ZPL format; LabelInvalid when the label cannot be printed."""
    return render_zpl(shipping_label_layout(label))
