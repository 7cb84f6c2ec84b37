"""The product master: SKUs, barcodes, Amazon identifiers, measures, bundles, prep, CSV files."""

from .amazon_prep import AMAZON_ONLY_CATEGORIES, PrepCategory, PrepType
from .barcodes import (
    Barcode,
    BarcodeKind,
    gs1_check_digit,
    validate_asin,
    validate_fnsku,
    validate_gtin,
)
from .bundles import (
    MAX_COMPONENT_QUANTITY,
    BundleComponent,
    BundleGraph,
    bundle_component_problems,
    check_bundle_graph,
    find_bundle_cycle,
)
from .errors import (
    BundleCycle,
    BundleInvalid,
    InvalidAsin,
    InvalidBarcode,
    InvalidFnsku,
    InvalidSku,
    PrepProfileInvalid,
    ProductInvalid,
)
from .measures import (
    MAX_SIDE_IN,
    MAX_WEIGHT_LB,
    Dimensions,
    LengthUnit,
    Weight,
    WeightUnit,
    to_inches,
    to_pounds,
)
from .prep import PREP_NOTES_MAX_LENGTH, PrepProfile, prep_profile_problems, validate_prep_profile
from .prep_rules import REQUIRED_PREP_TYPES, missing_prep
from .product import ProductSpec, UnitOfMeasure, validate_product_spec
from .product_csv import DEFAULT_MAX_ROWS, CsvParseResult, parse_product_csv, render_product_csv
from .product_csv_checks import RowError
from .product_csv_columns import COLUMNS as PRODUCT_CSV_COLUMNS
from .product_fields import (
    BLOCKED_REASON_MAX_LENGTH,
    MAX_CASE_PACK_QTY,
    MAX_COST,
    TITLE_MAX_LENGTH,
)
from .sku import SKU_MAX_LENGTH, validate_sku

__all__ = [
    "AMAZON_ONLY_CATEGORIES",
    "BLOCKED_REASON_MAX_LENGTH",
    "DEFAULT_MAX_ROWS",
    "MAX_CASE_PACK_QTY",
    "MAX_COMPONENT_QUANTITY",
    "MAX_COST",
    "MAX_SIDE_IN",
    "MAX_WEIGHT_LB",
    "PREP_NOTES_MAX_LENGTH",
    "PRODUCT_CSV_COLUMNS",
    "REQUIRED_PREP_TYPES",
    "SKU_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Barcode",
    "BarcodeKind",
    "BundleComponent",
    "BundleCycle",
    "BundleGraph",
    "BundleInvalid",
    "CsvParseResult",
    "Dimensions",
    "InvalidAsin",
    "InvalidBarcode",
    "InvalidFnsku",
    "InvalidSku",
    "LengthUnit",
    "PrepCategory",
    "PrepProfile",
    "PrepProfileInvalid",
    "PrepType",
    "ProductInvalid",
    "ProductSpec",
    "RowError",
    "UnitOfMeasure",
    "Weight",
    "WeightUnit",
    "bundle_component_problems",
    "check_bundle_graph",
    "find_bundle_cycle",
    "gs1_check_digit",
    "missing_prep",
    "parse_product_csv",
    "prep_profile_problems",
    "render_product_csv",
    "to_inches",
    "to_pounds",
    "validate_asin",
    "validate_fnsku",
    "validate_gtin",
    "validate_prep_profile",
    "validate_product_spec",
    "validate_sku",
]
