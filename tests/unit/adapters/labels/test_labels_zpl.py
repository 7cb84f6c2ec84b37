"""The ZPL builder and the shipping label in ZPL: structure, escaping, fitting, refusals."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from label_examples import BUYER, known_label

from ordertower.adapters.labels import (
    LabelInvalid,
    ZplBuilder,
    field_data,
    shipping_label_layout,
    shipping_label_zpl,
)
from ordertower.adapters.labels.layout import Barcode128, code128_modules
from ordertower.services.shipping.ports import ShipmentAddress

KNOWN_LABEL_ZPL = r"""^XA
^CI28
^PW812
^LL1218
^LH0,0
^FO30,30^A0N,22,22^FH\^FDFROM:^FS
^FO30,56^A0N,24,24^FH\^FDOrderTower East^FS
^FO30,82^A0N,24,24^FH\^FDAcme Goods LLC^FS
^FO30,108^A0N,24,24^FH\^FD100 Dock Road^FS
^FO30,134^A0N,24,24^FH\^FDDoor 4^FS
^FO30,160^A0N,24,24^FH\^FDEdison, NJ 08817^FS
^FO30,186^A0N,24,24^FH\^FDUS^FS
^FO520,30^A0N,36,36^FH\^FDPKG 1 OF 2^FS
^FO520,80^A0N,36,36^FH\^FD2.5 LB^FS
^FO30,215^GB752,4,4^FS
^FO30,232^A0N,28,28^FH\^FDSHIP TO:^FS
^FO50,270^A0N,46,46^FH\^FDZo\C3\AB M\C3\BCller^FS
^FO50,324^A0N,46,46^FH\^FD12 Elm St^FS
^FO50,378^A0N,46,46^FH\^FDApt 3\5EB^FS
^FO50,432^A0N,46,46^FH\^FDNew York, NY 10001^FS
^FO50,486^A0N,46,46^FH\^FDUS^FS
^FO30,610^GB752,4,4^FS
^FO30,628^A0N,55,55^FH\^FDOWN ACCOUNT TWO-DAY^FS
^FO30,702^A0N,30,30^FH\^FDOwn delivery^FS
^FO30,745^GB752,4,4^FS
^FO30,765^A0N,28,28^FH\^FDTRACKING #^FS
^FO50,805^BY4^BCN,220,N,N,N^FH\^FDOT00000012342^FS
^FO30,1040^A0N,40,40^FH\^FDOT00 0000 1234 2^FS
^FO30,1100^GB752,4,4^FS
^FO30,1125^A0N,34,34^FH\^FDREF: #1001^FS
^XZ
"""


def test_a_known_label_renders_to_the_known_zpl() -> None:
    assert shipping_label_zpl(known_label()) == KNOWN_LABEL_ZPL


def test_a_label_is_one_format_for_a_4_by_6_inch_label_at_203_dpi() -> None:
    zpl = shipping_label_zpl(known_label())
    lines = zpl.splitlines()

    assert (lines[0], lines[-1]) == ("^XA", "^XZ")
    assert zpl.count("^XA") == zpl.count("^XZ") == 1
    assert {"^PW812", "^LL1218", "^CI28"} <= set(lines)
    fields = lines[5:-1]
    assert all(re.fullmatch(r"\^FO\d+,\d+\^.*\^FS", field) for field in fields)


def test_every_field_lies_inside_the_label() -> None:
    for element in shipping_label_layout(known_label()):
        assert 0 <= element.x < 812
        assert element.y >= 0
        assert element.y + element.height <= 1218
        if isinstance(element, Barcode128):
            assert element.x + element.module_width * code128_modules(element.data) <= 812


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("plain text 123", "plain text 123"),
        ("^XZ~JR", r"\5EXZ\7EJR"),
        ("C:\\path", r"C:\5Cpath"),
        ("Zoë", r"Zo\C3\AB"),
        ("tab\there", r"tab\09here"),
    ],
)
def test_field_data_escapes_what_the_printer_would_read_as_commands(text: str, data: str) -> None:
    assert field_data(text) == data


def test_a_caret_in_an_address_cannot_end_the_label_early() -> None:
    hostile = ShipmentAddress(
        name="^XZ^XA^FO0,0^GB812,1218,812^FS",
        street=("1 Main St",),
        city="Reno",
        postal_code="89501",
        country="US",
    )

    zpl = shipping_label_zpl(known_label(ship_to=hostile))

    assert zpl.count("^XZ") == 1
    assert r"\5EXZ\5EXA\5EFO0,0\5EGB812,1218,812\5EFS" in zpl


def test_code_128_data_with_an_invocation_character_is_refused() -> None:
    with pytest.raises(ValueError, match="'>'"):
        ZplBuilder().code128(0, 0, "AB>5", height=100, module_width=2)


def test_the_builder_writes_text_barcodes_and_boxes_in_order() -> None:
    zpl = (
        ZplBuilder(width=406, height=203)
        .text(10, 20, "Hi", height=30)
        .code128(10, 60, "ABC123", height=80, module_width=2)
        .box(0, 0, 406, 203, thickness=2)
        .build()
    )

    assert zpl.splitlines()[2:] == [
        "^PW406",
        "^LL203",
        "^LH0,0",
        r"^FO10,20^A0N,30,30^FH\^FDHi^FS",
        r"^FO10,60^BY2^BCN,80,N,N,N^FH\^FDABC123^FS",
        "^FO0,0^GB406,203,2^FS",
        "^XZ",
    ]


def test_a_long_name_shrinks_then_is_cut_short_to_fit_the_label() -> None:
    long_name = "Bartholomew Maximilian Fitzgerald-Worthington of Greater Manchester"
    label = known_label(ship_to=replace(BUYER, name=long_name))

    name = next(
        e for e in shipping_label_layout(label) if getattr(e, "text", "").startswith("Barth")
    )

    assert name.height < 46
    assert name.text.endswith("...")  # type: ignore[union-attr]


def test_a_label_without_an_address_or_a_valid_package_number_is_refused() -> None:
    nowhere = ShipmentAddress(name="", street=(), city="", postal_code="", country="")

    with pytest.raises(LabelInvalid) as refused:
        shipping_label_zpl(known_label(ship_to=nowhere, package_number=3, tracking_number="AB 12"))

    assert {p.field for p in refused.value.problems} == {
        "ship_to.name",
        "ship_to.street",
        "ship_to.city",
        "ship_to.country",
        "package_number",
        "tracking_number",
    }
