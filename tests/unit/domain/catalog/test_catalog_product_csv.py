"""The product CSV file: what it reads, every error it reports, and what it writes back."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from ordertower.domain.catalog import (
    PRODUCT_CSV_COLUMNS,
    BundleComponent,
    Dimensions,
    LengthUnit,
    PrepCategory,
    PrepProfile,
    PrepType,
    ProductSpec,
    UnitOfMeasure,
    Weight,
    WeightUnit,
    parse_product_csv,
    render_product_csv,
)

HEADER = "sku,title,barcodes,bundle_components"


def errors_of(text: str, known_skus: Collection[str] = ()) -> list[tuple[int, str, str]]:
    result = parse_product_csv(text, known_skus=known_skus)
    return [(error.row, error.column, error.code) for error in result.errors]


def test_a_full_row_is_read_into_a_validated_spec() -> None:
    text = (
        "sku,title,barcodes,asin,fnsku,length,width,height,dimension_unit,weight,weight_unit,uom,"
        "case_pack_qty,cost,currency,blocked,blocked_reason,bundle_components,prep_category,"
        "prep_types,expiration_dated,fragile,liquid,hazmat,prep_notes\n"
        "GIFT-1,Gift set,036000291452|96385074,b07xj8c8f5,x001abc123,30,20,10,CM,1.5,kg,Set,"
        "6,12.40,usd,yes,recall,MUG*2|TEA,set,item_setstk|ITEM_POLYBAGGING,1,no,,true,"
        '"Keep, upright"\n'
    )

    result = parse_product_csv(text, known_skus={"MUG", "TEA"})

    assert result.errors == []
    assert result.is_valid
    assert result.specs == [
        ProductSpec(
            sku="GIFT-1",
            title="Gift set",
            barcodes=("036000291452", "96385074"),
            asin="B07XJ8C8F5",
            fnsku="X001ABC123",
            dimensions=Dimensions(Decimal(30), Decimal(20), Decimal(10), LengthUnit.CENTIMETRE),
            weight=Weight(Decimal("1.5"), WeightUnit.KILOGRAM),
            uom=UnitOfMeasure.SET,
            case_pack_qty=6,
            cost=Decimal("12.40"),
            currency="USD",
            blocked=True,
            blocked_reason="recall",
            bundle_components=(BundleComponent("MUG", 2), BundleComponent("TEA", 1)),
            prep=PrepProfile(
                category=PrepCategory.SET,
                prep_types=(PrepType.ITEM_POLYBAGGING, PrepType.ITEM_SETSTK),
                expiration_dated=True,
                hazmat=True,
                notes="Keep, upright",
            ),
        )
    ]


def test_only_sku_and_title_are_required_and_the_rest_takes_defaults() -> None:
    result = parse_product_csv("Title , SKU\nBlue mug,MUG\n")

    assert result.specs == [ProductSpec(sku="MUG", title="Blue mug")]


def test_a_bom_crlf_line_ends_and_blank_trailing_lines_are_accepted() -> None:
    text = "\ufeffsku,title\r\nMUG,Blue mug\r\nTEA,Green tea\r\n\r\n,\r\n\r\n"

    result = parse_product_csv(text)

    assert [spec.sku for spec in result.specs] == ["MUG", "TEA"]
    assert result.errors == []


def test_rows_are_numbered_as_a_spreadsheet_shows_them_with_blank_lines_counted() -> None:
    text = "sku,title\nMUG,Blue mug\n\nTEA BAG,Green tea\n"

    assert errors_of(text) == [(4, "sku", "invalid_sku")]


def test_an_empty_file_is_refused() -> None:
    assert errors_of("") == [(1, "", "empty_file")]
    assert errors_of("\ufeff") == [(1, "", "empty_file")]


def test_a_file_with_only_a_header_is_valid_and_empty() -> None:
    result = parse_product_csv("sku,title\n")

    assert (result.specs, result.errors) == ([], [])


def test_missing_and_repeated_columns_stop_the_rows_from_being_read() -> None:
    assert errors_of("sku,sku,Colour\nMUG,MUG,blue\n") == [
        (1, "sku", "duplicate_column"),
        (1, "title", "missing_column"),
        (1, "Colour", "unknown_column"),
    ]


def test_an_unknown_column_is_reported_and_the_rows_are_still_checked() -> None:
    result = parse_product_csv("sku,title,colour\nMUG,Blue mug,blue\nTEA BAG,Tea,green\n")

    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (1, "colour", "unknown_column"),
        (3, "sku", "invalid_sku"),
    ]
    assert not result.is_valid


def test_a_value_under_no_header_is_reported() -> None:
    assert errors_of("sku,title\nMUG,Blue mug,oops\n") == [(2, "", "value_without_column")]


def test_every_bad_value_is_reported_under_its_column() -> None:
    text = (
        "sku,title,barcodes,length,width,height,dimension_unit,weight,weight_unit,uom,"
        "case_pack_qty,cost,currency,blocked,prep_category,prep_types,fragile\n"
        "MUG,Blue mug,036000291453,1.2.3,2,,mm,heavy,lb,crate,two,1e3,US,maybe,SMALLISH,"
        "ITEM_X|ITEM_LABELING,perhaps\n"
    )

    assert errors_of(text) == [
        (2, "barcodes", "invalid_barcode"),
        (2, "length", "not_a_number"),
        (2, "height", "required"),
        (2, "dimension_unit", "unknown_value"),
        (2, "weight", "not_a_number"),
        (2, "uom", "unknown_value"),
        (2, "case_pack_qty", "not_a_whole_number"),
        (2, "cost", "not_a_number"),
        (2, "currency", "invalid_currency"),
        (2, "blocked", "not_a_boolean"),
        (2, "prep_category", "unknown_value"),
        (2, "prep_types", "unknown_value"),
        (2, "fragile", "not_a_boolean"),
    ]


def test_a_partly_filled_measure_names_every_blank_column() -> None:
    text = "sku,title,length,width,height,dimension_unit,weight,weight_unit\nMUG,Mug,1,,,,,g\n"

    assert errors_of(text) == [
        (2, "width", "required"),
        (2, "height", "required"),
        (2, "dimension_unit", "required"),
        (2, "weight", "required"),
    ]


def test_an_unreadable_blocked_flag_is_reported_without_a_second_error_about_its_reason() -> None:
    assert errors_of("sku,title,blocked,blocked_reason\nMUG,Mug,maybe,recall\n") == [
        (2, "blocked", "not_a_boolean")
    ]
    assert errors_of("sku,title,blocked,blocked_reason\nMUG,Mug,maybe,\n") == [
        (2, "blocked", "not_a_boolean")
    ]


def test_domain_problems_are_reported_under_the_column_that_holds_the_field() -> None:
    text = (
        "sku,title,length,width,height,dimension_unit,weight,weight_unit,bundle_components,"
        "prep_category,prep_notes,blocked_reason\n"
        f"MUG,Blue mug,0,1,1,in,0,oz,MUG*0,FC_PROVIDED,{'x' * 2001},recall\n"
    )

    assert errors_of(text) == [
        (2, "length", "not_positive"),
        (2, "weight", "not_positive"),
        (2, "blocked_reason", "blocked_reason_without_block"),
        (2, "bundle_components", "invalid_bundle_quantity"),
        (2, "bundle_components", "bundle_cycle"),
        (2, "prep_category", "prep_category_not_input"),
        (2, "prep_notes", "too_long"),
    ]


def test_a_malformed_component_is_reported() -> None:
    assert errors_of(f"{HEADER}\nKIT,Kit,,MUG*two\n", known_skus={"MUG"}) == [
        (2, "bundle_components", "invalid_bundle_component")
    ]


def test_a_sku_repeated_in_the_file_is_refused_on_its_later_rows() -> None:
    result = parse_product_csv("sku,title\nMUG,Blue mug\nTEA,Tea\nMUG,Red mug\nMUG,Mug\n")

    assert [(e.row, e.code) for e in result.errors] == [(4, "duplicate_sku"), (5, "duplicate_sku")]
    assert "also on row 2" in result.errors[0].message
    assert [spec.sku for spec in result.specs] == ["MUG", "TEA"]


def test_a_barcode_on_two_rows_is_refused_even_written_as_upc_a_and_ean_13() -> None:
    text = f"{HEADER}\nMUG,Blue mug,036000291452,\nTEA,Tea,0036000291452,\n"

    result = parse_product_csv(text)

    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (3, "barcodes", "duplicate_barcode")
    ]
    assert "row 2 (SKU MUG)" in result.errors[0].message


def test_an_fnsku_on_two_rows_is_refused_whatever_its_case() -> None:
    text = "sku,title,fnsku\nMUG,Mug,X001ABC123\nTEA,Tea,\nCUP,Cup,x001abc123\nPOT,Pot,\n"

    result = parse_product_csv(text)

    assert [(e.row, e.column, e.code) for e in result.errors] == [(4, "fnsku", "duplicate_fnsku")]
    assert "row 2 (SKU MUG)" in result.errors[0].message


def test_components_must_be_in_the_file_or_among_the_known_skus() -> None:
    text = f"{HEADER}\nKIT,Kit,,MUG*2|TEA*1|SPOON\nMUG,Mug,,\n"

    result = parse_product_csv(text, known_skus={"TEA"})

    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (2, "bundle_components", "unknown_component_sku")
    ]
    assert "SPOON" in result.errors[0].message


def test_a_cycle_within_the_file_is_reported_once_on_its_first_row() -> None:
    text = f"{HEADER}\nA,A,,B*1\nB,B,,C*1\nC,C,,A*1\n"

    result = parse_product_csv(text)

    assert [(e.row, e.code) for e in result.errors] == [(2, "bundle_cycle")]
    assert "A → B → C → A" in result.errors[0].message
    assert not result.is_valid


def test_a_cycle_through_existing_bundles_is_reported_on_the_files_row() -> None:
    existing = {"BOX": (BundleComponent("KIT", 1),)}

    result = parse_product_csv(f"{HEADER}\nMUG,Mug,,\nKIT,Kit,,BOX*1\n", existing_bundles=existing)

    assert [(e.row, e.code) for e in result.errors] == [(3, "bundle_cycle")]
    assert "KIT → BOX → KIT" in result.errors[0].message


def test_rows_of_the_file_replace_existing_bundle_definitions() -> None:
    existing = {"BOX": (BundleComponent("KIT", 1),)}
    text = f"{HEADER}\nKIT,Kit,,BOX*1\nBOX,Box,,MUG*1\n"

    result = parse_product_csv(text, known_skus={"MUG"}, existing_bundles=existing)

    assert result.errors == []


def test_separate_cycles_are_each_reported_on_their_own_row() -> None:
    text = f"{HEADER}\nA,A,,B*1\nB,B,,A*1\nC,C,,D*1\nD,D,,C*1|A*1\n"

    assert errors_of(text) == [
        (2, "bundle_components", "bundle_cycle"),
        (4, "bundle_components", "bundle_cycle"),
    ]


def test_a_cycle_among_existing_bundles_is_reported_on_the_file_row_that_reaches_it() -> None:
    existing = {"BOX": (BundleComponent("CRATE", 1),), "CRATE": (BundleComponent("BOX", 1),)}

    result = parse_product_csv(f"{HEADER}\nKIT,Kit,,BOX*1\n", existing_bundles=existing)

    assert [(e.row, e.code) for e in result.errors] == [(2, "bundle_cycle")]
    assert "KIT → BOX → CRATE → BOX" in result.errors[0].message


def test_a_self_referencing_bundle_is_reported_once() -> None:
    assert errors_of(f"{HEADER}\nKIT,Kit,,KIT*1\n") == [(2, "bundle_components", "bundle_cycle")]


def test_a_file_with_more_rows_than_allowed_is_refused_whole() -> None:
    text = "sku,title\n" + "".join(f"S{i},Product {i}\n" for i in range(4)) + "\n\n"

    result = parse_product_csv(text, max_rows=3)

    assert [(e.row, e.code) for e in result.errors] == [(5, "too_many_rows")]
    assert "3 or fewer" in result.errors[0].message
    assert result.specs == []
    assert parse_product_csv(text, max_rows=4).is_valid


def test_a_file_that_is_not_csv_is_refused_naming_the_row() -> None:
    assert errors_of('sku,title\nMUG,"Blue "mug\n') == [(2, "", "malformed_csv")]


def test_errors_across_the_whole_file_are_all_reported_in_row_order() -> None:
    text = f"{HEADER}\nMUG,,,\nMUG,Mug,036000291453,\nKIT,Kit,,NOPE*1\n"

    assert errors_of(text) == [
        (2, "title", "required"),
        (3, "sku", "duplicate_sku"),
        (3, "barcodes", "invalid_barcode"),
        (4, "bundle_components", "unknown_component_sku"),
    ]


def test_rendered_files_have_every_column_and_crlf_line_ends() -> None:
    text = render_product_csv([ProductSpec(sku="MUG", title="Blue mug")])

    header, row, end = text.split("\r\n")
    assert header.split(",") == list(PRODUCT_CSV_COLUMNS)
    assert row == "MUG,Blue mug,,,,,,,,,,each,1,,,false,,,,,false,false,false,false,"
    assert end == ""


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text_and_read_back() -> None:
    specs = [
        ProductSpec(sku="-MUG", title='=HYPERLINK("http://x")'),
        ProductSpec(sku="TEA", title="'=quoted on purpose"),
        ProductSpec(sku="CUP", title="'Twas a cup"),
    ]

    text = render_product_csv(specs)

    assert '\'-MUG,"\'=HYPERLINK(""http://x"")"' in text
    assert ",'Twas a cup," in text
    assert parse_product_csv(text).specs == specs
