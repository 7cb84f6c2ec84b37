"""What the product file offers callers that check it against stored data: named SKUs, drafts."""

from __future__ import annotations

from ordertower.domain.catalog import (
    ProductFileInvalid,
    ProductSpec,
    RowError,
    mentioned_skus,
    parse_product_csv,
    render_product_csv,
)


def test_a_file_names_its_row_skus_and_their_components() -> None:
    text = "title,sku,bundle_components\nKit,KIT-1,CUP*2|SAUCER\n\nBad,HAS SPACE,\nCup,CUP,\n"
    assert mentioned_skus(text) == {"KIT-1", "CUP", "SAUCER", "HAS SPACE"}


def test_an_unreadable_file_names_no_sku() -> None:
    assert mentioned_skus("") == set()
    assert mentioned_skus('sku,title\n"CUP,open quote\n') == set()


def test_every_data_row_comes_back_as_a_draft_with_its_spreadsheet_row_number() -> None:
    result = parse_product_csv("sku,title\nCUP-1,Cup\n\nCUP 2,\n")
    assert [(row, spec.sku) for row, spec in result.drafts] == [(2, "CUP-1"), (4, "CUP 2")]
    assert [spec.sku for spec in result.specs] == ["CUP-1"]


def test_chunks_without_a_header_continue_a_file() -> None:
    first = render_product_csv([ProductSpec(sku="A", title="a")])
    rest = render_product_csv([ProductSpec(sku="B", title="b")], header=False)
    parsed = parse_product_csv(first + rest)
    assert rest.startswith("B,b,")
    assert [spec.sku for spec in parsed.specs] == ["A", "B"]


def test_a_refused_file_counts_its_errors_and_rows() -> None:
    error = ProductFileInvalid(
        [RowError(2, "sku", "invalid_sku", "x"), RowError(2, "title", "required", "y")]
    )
    assert (error.code, error.field) == ("product_file_invalid", "file")
    assert "2 error(s) in 1 row(s)" in error.message
