"""The sample merchant a newcomer sees: made through the same use cases a person would use.

`seed_sample` is idempotent: when the sample merchant exists it only makes sure its admin can sign in.
It never runs by itself (`serve` invents nothing); `ordertower seed-sample` and `ordertower demo` call it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ordertower.domain.bins import BinRange
from ordertower.domain.catalog.barcodes import gs1_check_digit
from ordertower.domain.channels import (
    ChannelKind,
    FulfillmentChannel,
    ListingIdentity,
    StockRule,
)
from ordertower.domain.inventory import (
    InventoryStatus,
    MovementKind,
    MovementRequest,
    Place,
    Reference,
    ReferenceKind,
)
from ordertower.domain.locations import Address, ZoneKind
from ordertower.domain.shipping import CarrierCode
from ordertower.domain.tenancy import Principal, Role

from .catalog import product_file
from .catalog.unit_of_work import CatalogUnitOfWork
from .channels import accounts, listings
from .channels.listing_drafts import ListingDraft
from .channels.ports import CredentialVault
from .channels.unit_of_work import ChannelsUnitOfWork
from .fulfillment import carrier_accounts
from .fulfillment.ports import NewCarrierAccount
from .fulfillment.unit_of_work import FulfillmentUnitOfWork
from .inventory import posting
from .inventory.unit_of_work import InventoryUnitOfWork
from .locations import layout, sites
from .locations.unit_of_work import LocationsUnitOfWork
from .orders.capture import capture_orders
from .orders.flow_uow import OrderFlowUnitOfWork
from .orders.order_json import read_json_order
from .orders.records import PayloadSource
from .routing import policies as routing_policies
from .routing.unit_of_work import RoutingUnitOfWork
from .tenancy import access
from .tenancy.credentials import principal_of
from .tenancy.ports import PasswordHasher
from .tenancy.unit_of_work import TenancyUnitOfWork


class SampleUnitOfWork(
    OrderFlowUnitOfWork,
    FulfillmentUnitOfWork,
    TenancyUnitOfWork,
    CatalogUnitOfWork,
    LocationsUnitOfWork,
    ChannelsUnitOfWork,
    InventoryUnitOfWork,
    RoutingUnitOfWork,
    Protocol,
):
    """Seeding touches every area."""


SAMPLE_MERCHANT = "SAMPLE"
SAMPLE_EMAIL = "admin@sample.ordertower.dev"
AMAZON_US = "ATVPDKIKX0DER"

_ZONES = [
    ("RECV", "Receiving dock", ZoneKind.RECEIVING),
    ("STOR", "Reserve storage", ZoneKind.STORAGE),
    ("PICK", "Pick faces", ZoneKind.PICK),
    ("OVER", "Overflow", ZoneKind.OVERFLOW),
    ("QUAR", "Quarantine cage", ZoneKind.QUARANTINE),
    ("PREP", "FBA prep staging", ZoneKind.PREP_STAGING),
    ("RETN", "Returns", ZoneKind.RETURNS),
    ("PACK", "Pack stations", ZoneKind.PACKING),
    ("SHIP", "Shipping dock", ZoneKind.SHIPPING),
]
_ITEMS = [
    ("TEE-BLK-S", "Organic cotton tee, black, S", "TEXTILE", "ITEM_POLYBAGGING"),
    ("TEE-BLK-M", "Organic cotton tee, black, M", "TEXTILE", "ITEM_POLYBAGGING"),
    ("TEE-BLK-L", "Organic cotton tee, black, L", "TEXTILE", "ITEM_POLYBAGGING"),
    ("TEE-WHT-S", "Organic cotton tee, white, S", "TEXTILE", "ITEM_POLYBAGGING"),
    ("TEE-WHT-M", "Organic cotton tee, white, M", "TEXTILE", "ITEM_POLYBAGGING"),
    ("TEE-WHT-L", "Organic cotton tee, white, L", "TEXTILE", "ITEM_POLYBAGGING"),
    ("MUG-CER-12", "Ceramic mug 12 oz", "FRAGILE", "ITEM_BUBBLEWRAP"),
    ("MUG-CER-16", "Ceramic mug 16 oz", "FRAGILE", "ITEM_BUBBLEWRAP"),
    ("MUG-ENM-12", "Enamel camp mug 12 oz", "NONE", ""),
    ("BTL-STL-500", "Steel bottle 500 ml", "NONE", ""),
    ("BTL-STL-750", "Steel bottle 750 ml", "NONE", ""),
    ("BTL-GLS-500", "Glass bottle 500 ml", "FRAGILE", "ITEM_BUBBLEWRAP"),
    ("SOAP-LAV", "Lavender bar soap", "NONE", ""),
    ("SOAP-CIT", "Citrus bar soap", "NONE", ""),
    ("SOAP-OAT", "Oatmeal bar soap", "NONE", ""),
    ("OIL-BEARD-30", "Beard oil 30 ml", "LIQUID", "ITEM_POLYBAGGING"),
    ("CNDL-SOY-8", "Soy candle 8 oz", "FRAGILE", "ITEM_BUBBLEWRAP"),
    ("CNDL-SOY-12", "Soy candle 12 oz", "FRAGILE", "ITEM_BUBBLEWRAP"),
    ("SOCK-WOOL-M", "Merino socks, M", "TEXTILE", "ITEM_POLYBAGGING"),
    ("SOCK-WOOL-L", "Merino socks, L", "TEXTILE", "ITEM_POLYBAGGING"),
    ("CAP-CANV", "Canvas cap", "TEXTILE", "ITEM_POLYBAGGING"),
    ("TOTE-CANV", "Canvas tote bag", "TEXTILE", "ITEM_POLYBAGGING"),
    ("NOTE-A5", "Recycled notebook A5", "NONE", ""),
    ("NOTE-A6", "Recycled notebook A6", "SMALL", "ITEM_POLYBAGGING"),
    ("PEN-BAMB", "Bamboo pen", "SMALL", "ITEM_POLYBAGGING"),
    ("LIP-BALM", "Beeswax lip balm", "SMALL", "ITEM_POLYBAGGING"),
    ("TEA-GRN-50", "Green tea, 50 bags", "NONE", ""),
    ("TEA-BLK-50", "Black tea, 50 bags", "NONE", ""),
    ("HONEY-250", "Raw honey 250 g", "FRAGILE", "ITEM_BUBBLEWRAP"),
    ("GRAN-500", "Maple granola 500 g", "NONE", ""),
]
_BUNDLES = [
    ("KIT-SOAP-3", "Soap trio gift set", "SOAP-LAV*1|SOAP-CIT*1|SOAP-OAT*1"),
    ("KIT-TEA-MUG", "Tea and mug set", "TEA-GRN-50*1|MUG-CER-12*1"),
    ("KIT-SOCK-2", "Merino socks two-pack, M", "SOCK-WOOL-M*2"),
]
_CSV_HEADER = [
    "sku",
    "title",
    "barcodes",
    "fnsku",
    "length",
    "width",
    "height",
    "dimension_unit",
    "weight",
    "weight_unit",
    "cost",
    "currency",
    "bundle_components",
    "prep_category",
    "prep_types",
    "expiration_dated",
    "fragile",
    "liquid",
]
_DATED = ("HONEY", "GRAN", "TEA")  # expiration-dated: received with a lot and an expiry date


@dataclass(frozen=True, slots=True)
class SampleLogin:
    email: str
    password: str | None  # None when the admin already existed (its password is not ours to show)
    created: bool


def seed_sample(
    uow_factory: Callable[[], SampleUnitOfWork],
    hasher: PasswordHasher,
    vault: CredentialVault,
    *,
    password: str,
) -> SampleLogin:
    """Create the sample merchant, its admin, warehouse, catalog, channels, listings and stock."""
    uow = uow_factory
    if _already_seeded(uow):
        return SampleLogin(SAMPLE_EMAIL, None, created=False)
    admin = access.create_user(
        uow(),
        hasher,
        principal=None,
        email=SAMPLE_EMAIL,
        name="Sample Admin",
        role=Role.ADMIN,
        password=password,
    )
    principal = principal_of(admin)
    merchant = access.create_merchant(
        uow(), principal=principal, code=SAMPLE_MERCHANT, name="Sample Outfitters"
    )
    warehouse, bins = _warehouse(uow, principal)
    sites.create_fba_location(
        uow(), principal=principal, merchant_id=merchant.id, marketplace_id=AMAZON_US
    )
    product_file.import_products_csv(
        uow(), principal=principal, merchant_id=merchant.id, text=_catalog_csv()
    )
    shop = _channels_and_listings(uow, vault, principal, merchant.id)
    _stock(uow, principal, merchant.id, warehouse, bins)
    _routing(uow, principal, merchant.id)
    _own_carrier(uow, principal, merchant.id)
    _orders(uow, principal, merchant.id, shop)
    return SampleLogin(SAMPLE_EMAIL, password, created=True)


def _already_seeded(uow: Callable[[], SampleUnitOfWork]) -> bool:
    with uow() as unit:
        return unit.merchants.get_by_code(SAMPLE_MERCHANT) is not None


def _warehouse(uow: Callable[[], SampleUnitOfWork], principal: Principal) -> tuple[int, list[int]]:
    warehouse = sites.create_warehouse(
        uow(),
        principal=principal,
        code="WH-NJ",
        name="Edison fulfillment center",
        address=Address(
            line1="100 Distribution Way",
            city="Edison",
            country="US",
            region="NJ",
            postal_code="08837",
        ),
        time_zone="America/New_York",
    )
    storage: list[int] = []
    for code, name, kind in _ZONES:
        zone = layout.create_zone(
            uow(), principal=principal, location_id=warehouse.id, code=code, name=name, kind=kind
        )
        if kind in (ZoneKind.STORAGE, ZoneKind.PICK):
            parts = (
                [BinRange("A01", "A06"), BinRange("1", "3")]
                if kind is ZoneKind.STORAGE
                else [BinRange("P01", "P12")]
            )
            made = layout.create_bin_grid(
                uow(), principal=principal, location_id=warehouse.id, zone_id=zone.id, parts=parts
            )
            storage.extend(b.id for b in made)
        else:
            layout.create_bin_grid(
                uow(),
                principal=principal,
                location_id=warehouse.id,
                zone_id=zone.id,
                parts=[BinRange(code), BinRange("01", "02")],
            )
    return warehouse.id, storage


def _upc(n: int) -> str:
    body = f"8{n:010d}"
    return body + str(gs1_check_digit(body))


def _catalog_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_HEADER)
    for n, (sku, title, category, prep) in enumerate(_ITEMS, start=1):
        dated = sku.startswith(_DATED)
        writer.writerow(
            [
                sku,
                title,
                _upc(n),
                f"X00SAMP{n:03d}",
                6 + n % 5,
                4 + n % 3,
                2 + n % 4,
                "in",
                f"{0.4 + n / 20:.2f}",
                "lb",
                f"{2 + n * 0.75:.2f}",
                "USD",
                "",
                category,
                prep,
                _flag(dated),
                _flag(category == "FRAGILE"),
                _flag(category == "LIQUID"),
            ]
        )
    for sku, title, parts in _BUNDLES:
        writer.writerow(
            [
                sku,
                title,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                parts,
                "SET",
                "ITEM_SETCREAT",
                "false",
                "false",
                "false",
            ]
        )
    return out.getvalue()


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _channels_and_listings(
    uow: Callable[[], SampleUnitOfWork],
    vault: CredentialVault,
    principal: Principal,
    merchant_id: int,
) -> int:
    """The accounts and their listings; returns the Shopify account's id."""
    made = {
        kind: accounts.create_channel_account(
            uow(), vault, principal=principal, merchant_id=merchant_id, kind=kind, name=name
        ).id
        for kind, name in (
            (ChannelKind.SHOPIFY, "Sample Outfitters Shopify"),
            (ChannelKind.AMAZON, "Amazon US"),
            (ChannelKind.WALMART, "Walmart US"),
        )
    }
    skus = [sku for sku, *_ in _ITEMS] + [sku for sku, *_ in _BUNDLES]
    for n, sku in enumerate(skus, start=1):
        _list(
            uow,
            principal,
            merchant_id,
            made[ChannelKind.SHOPIFY],
            sku,
            ListingIdentity(
                channel_sku=sku,
                external_product_id=f"gid://shopify/ProductVariant/{40000 + n}",
                external_inventory_id=f"gid://shopify/InventoryItem/{50000 + n}",
            ),
            StockRule(safety_buffer=1),
        )
        if n % 2:
            fba = n % 4 == 1 and n <= len(_ITEMS)
            _list(
                uow,
                principal,
                merchant_id,
                made[ChannelKind.AMAZON],
                f"AMZ-{sku}",
                ListingIdentity(
                    channel_sku=f"AMZ-{sku}",
                    asin=f"B0SAMP{n:04d}",
                    fnsku=f"X00SAMP{n:03d}" if fba else None,
                    fulfillment_channel=FulfillmentChannel.AFN if fba else FulfillmentChannel.MFN,
                ),
                StockRule(percent_cap=80),
            )
        if n % 3 == 0:
            _list(
                uow,
                principal,
                merchant_id,
                made[ChannelKind.WALMART],
                f"WM-{sku}",
                ListingIdentity(channel_sku=f"WM-{sku}", external_product_id=f"{700000 + n}"),
                StockRule(safety_buffer=2, max_shown=50),
            )
    return made[ChannelKind.SHOPIFY]


def _list(
    uow: Callable[[], SampleUnitOfWork],
    principal: Principal,
    merchant_id: int,
    account: int,
    sku: str,
    identity: ListingIdentity,
    rule: StockRule,
) -> None:
    draft = ListingDraft(
        channel_account_id=account,
        sku=sku.removeprefix("AMZ-").removeprefix("WM-"),
        identity=identity,
        stock_rule=rule,
    )
    listings.create_listing(uow(), principal=principal, merchant_id=merchant_id, draft=draft)


def _stock(
    uow: Callable[[], SampleUnitOfWork],
    principal: Principal,
    merchant_id: int,
    warehouse: int,
    bins: list[int],
) -> None:
    chance = random.Random(7)  # the same sample every time
    requests = []
    for n, (sku, *_rest) in enumerate(_ITEMS):
        quantity = chance.choice([0, 3, 8, 12, 24, 40, 60, 120])
        if quantity == 0:
            continue
        requests.append(
            MovementRequest(
                merchant_id=merchant_id,
                sku=sku,
                kind=MovementKind.RECEIPT,
                quantity=quantity,
                from_place=None,
                to_place=Place(
                    warehouse,
                    bins[n % len(bins)],
                    InventoryStatus.SELLABLE,
                    lot="L2026-11" if sku.startswith(_DATED) else None,
                    expires_on=_expiry(sku),
                ),
                reference=Reference(ReferenceKind.RECEIPT, "SAMPLE-OPENING-STOCK"),
                idempotency_key=f"sample-opening-{sku}",
                actor=f"user:{principal.user_id}",
            )
        )
    posting.post_movements(
        uow(),
        principal=principal,
        merchant_id=merchant_id,
        requests=requests,
        actor_user_id=principal.user_id,
    )


def _expiry(sku: str) -> dt.date | None:
    return dt.date(2027, 6, 30) if sku.startswith(_DATED) else None


def _routing(uow: Callable[[], SampleUnitOfWork], principal: Principal, merchant_id: int) -> None:
    """Large orders are looked at first; Walmart TwoDay and fast Amazon orders ship from Edison or
    wait for stock (their promise is short); the rest ship from Edison. Stock at Amazon (FBA) is
    never drawn on for orders shipped here: pools never mix."""
    document = {
        "rules": [
            {
                "name": "Large orders get a look first",
                "when": {"order_value": {"currency": "USD", "minimum": "500.00"}},
                "action": {
                    "kind": "hold",
                    "queue": "review",
                    "note": "Order value 500 USD or more",
                },
            },
            {
                "name": "Walmart TwoDay from Edison",
                "when": {"channel_kinds": ["walmart"], "service_levels": ["two_day"]},
                "action": {
                    "kind": "ship_from",
                    "locations": ["WH-NJ"],
                    "on_shortfall": "backorder",
                },
            },
            {
                "name": "Amazon Prime and next day from Edison, or wait for stock",
                "when": {"channel_kinds": ["amazon"], "service_levels": ["next_day", "two_day"]},
                "action": {
                    "kind": "ship_from",
                    "locations": ["WH-NJ"],
                    "on_shortfall": "backorder",
                },
            },
        ],
        "default": {"kind": "warehouse", "location": "WH-NJ"},
        "zones": [{"location": "WH-NJ", "country": "US", "rank": 1}],
    }
    routing_policies.save_routing_policy(
        uow(),
        principal=principal,
        merchant_id=merchant_id,
        document=document,
        expected_version=0,
        reason="sample data",
    )


def _own_carrier(
    uow: Callable[[], SampleUnitOfWork], principal: Principal, merchant_id: int
) -> None:
    """The built-in carrier with a tracking range, so the sample warehouse can print labels."""
    carrier_accounts.add_carrier_account(
        uow(),
        principal=principal,
        merchant_id=merchant_id,
        account=NewCarrierAccount(
            carrier=CarrierCode.OWN_ACCOUNT,
            name="Own delivery vans",
            location_id=None,
            carrier_name="Sample Local Delivery",
            tracking_prefix="SO",
            tracking_first=1,
            tracking_last=99_999_999,
        ),
    )


def _sample_order(
    number: int, hours_ago: int, lines: list[tuple[str, int, str]], **extra: Any
) -> dict[str, Any]:
    placed = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    order: dict[str, Any] = {
        "external_order_id": f"gid://shopify/Order/{820000 + number}",
        "channel_order_number": f"#{1000 + number}",
        "placed_at": placed.isoformat(),
        "ship_by": (placed + dt.timedelta(days=2)).isoformat(),
        "ship_to": {
            "name": "Jordan Rivera",
            "line1": f"{10 + number} Maple Avenue",
            "city": "Princeton",
            "region": "NJ",
            "postal_code": "08540",
            "country": "US",
        },
        "customer": {"name": "Jordan Rivera", "email": f"buyer{number}@example.com"},
        "lines": [
            {"line_id": str(n), "channel_sku": sku, "quantity": qty, "unit_price": price,
             "currency": "USD"}
            for n, (sku, qty, price) in enumerate(lines, start=1)
        ],
    }  # fmt: skip
    order.update(extra)
    return order


def _orders(
    uow: Callable[[], SampleUnitOfWork], principal: Principal, merchant_id: int, account: int
) -> None:
    """A morning's Shopify orders, captured like any others: most allocate at Edison (a gift set
    draws its parts); one waits for a bottle that is out of stock, one names a listing nobody
    mapped, one goes to a PO box by next-day air, one is large enough to be held for a look — so
    the exception queues and the floor have work to show."""
    raw = [
        _sample_order(1, 5, [("TEE-BLK-M", 2, "24.00"), ("MUG-CER-12", 1, "14.00")]),
        _sample_order(2, 4, [("BTL-STL-500", 1, "29.00")], service_level="expedited"),
        _sample_order(3, 3, [("TEE-BLK-S", 1, "24.00"), ("KIT-TEA-MUG", 1, "32.00")]),
        _sample_order(4, 3, [("HOODIE-GRY-L", 1, "58.00")]),
        _sample_order(
            5,
            2,
            [("MUG-ENM-12", 2, "18.00")],
            service_level="next_day",
            ship_to={
                "name": "Sam Lee",
                "line1": "PO Box 118",
                "city": "Trenton",
                "region": "NJ",
                "postal_code": "08601",
                "country": "US",
            },
        ),
        _sample_order(6, 1, [("BTL-GLS-500", 20, "27.00")]),
        _sample_order(7, 1, [("TEE-BLK-L", 1, "24.00")], service_level="two_day"),
    ]
    capture_orders(
        uow(),
        principal=principal,
        merchant_id=merchant_id,
        channel_account_id=account,
        payloads=[read_json_order(order, merchant_id, account) for order in raw],
        source=PayloadSource.SAMPLE,
    )
