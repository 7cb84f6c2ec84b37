"""Labels for printers: 4×6 in shipping labels as PDF (reportlab) and ZPL (in-house builder)."""

from .layout import DOTS_PER_INCH, HEIGHT_DOTS, WIDTH_DOTS, shipping_label_layout
from .pdf import shipping_label_pdf
from .shipping_label import LabelInvalid, ShippingLabel, check_label, printable
from .zpl import ZplBuilder, field_data, shipping_label_zpl

__all__ = [
    "DOTS_PER_INCH",
    "HEIGHT_DOTS",
    "WIDTH_DOTS",
    "LabelInvalid",
    "ShippingLabel",
    "ZplBuilder",
    "check_label",
    "field_data",
    "printable",
    "shipping_label_layout",
    "shipping_label_pdf",
    "shipping_label_zpl",
]
