"""The purchase-order file a vendor receives: one row per SKU of each request it should ship.

Reading the file changes nothing: a person sends the requests (`requests.send_request`) once the
vendor has the file, so downloading it twice never double-ships. The ship-to is personal data: it
goes into the file for the vendor and nowhere else (not logs).
"""

from __future__ import annotations

import csv
import io

from ordertower.domain.tenancy import Permission, Principal

from .ports import DropshipStatus
from .requests import vendor_location
from .unit_of_work import DropshipUnitOfWork

COLUMNS = (
    "dropship_request_id",
    "order_number",
    "ship_to_name",
    "ship_to_company",
    "ship_to_line1",
    "ship_to_line2",
    "ship_to_line3",
    "ship_to_city",
    "ship_to_region",
    "ship_to_postal_code",
    "ship_to_country",
    "ship_to_phone",
    "service_level",
    "sku",
    "quantity",
)
_ADDRESS = ("name", "company", "line1", "line2", "line3", "city", "region", "postal_code",
            "country", "phone")  # fmt: skip


def purchase_order_csv(
    uow: DropshipUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    vendor: str | None,
    status: DropshipStatus | None = DropshipStatus.REQUESTED,
) -> str:
    """The file for `vendor` (a location code; all vendors when None) of requests in `status`."""
    principal.require(Permission.READ, merchant_id)
    with uow:
        vendor_id = vendor_location(uow, merchant_id, vendor)
        lines = uow.dropship.purchase_order(
            merchant_id, vendor_location_id=vendor_id, status=status
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in lines:
        address = [_cell(line.ship_to.get(key)) for key in _ADDRESS]
        writer.writerow(
            [line.request_id, _cell(line.order_number), *address, line.service_level,
             _cell(line.sku), line.quantity]
        )  # fmt: skip
    return out.getvalue()


def _cell(value: object) -> str:
    """A cell a spreadsheet shows as text: formula starters are quoted (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
