"""Sales channels and listings: channel kinds, how a listing names its product, and stock rules."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from .catalog.barcodes import validate_asin, validate_fnsku
from .errors import DomainError, FieldProblem, FieldsInvalid
from .field_rules import number_problems, text_problems

QUANTITY_PER_MAX = 10_000
SHOWN_MAX = 1_000_000
CHANNEL_SKU_MAX_LENGTH = 100
_SHOPIFY_GID = re.compile(r"(?:gid://shopify/(\w+)/)?([0-9]{1,20})")
_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f]+")


class ChannelKind(StrEnum):
    SHOPIFY = "shopify"  # a Shopify store, through the GraphQL Admin API
    AMAZON = "amazon"  # an Amazon seller account, through the Selling Partner API
    WALMART = "walmart"  # a Walmart Marketplace seller account (US v3 APIs)
    MANUAL = "manual"  # orders and stock kept by hand or by CSV; no connector runs


class FulfillmentChannel(StrEnum):
    MFN = "MFN"  # merchant fulfilled: we pick, pack and ship from our locations
    AFN = "AFN"  # Amazon fulfilled (FBA): Amazon ships from its own network


class ListingStatus(StrEnum):
    ACTIVE = "active"  # stock is pushed to the channel and its orders map to the SKU
    INACTIVE = "inactive"  # kept so old orders still map, but no stock is pushed


def _summary(what: str, problems: list[FieldProblem]) -> str:
    return f"{what} is not valid: " + "; ".join(f"{p.field}: {p.message}" for p in problems)


class ListingInvalid(FieldsInvalid):
    code = "listing_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The listing", problems), problems)


class ChannelAccountInvalid(FieldsInvalid):
    code = "channel_account_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(_summary("The channel account", problems), problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class StockRule:
    """What a listing shows of the available stock (see inventory.listing_rules for the sums).

    `safety_buffer` units are held back first; `percent_cap` shows at most that percentage of the
    rest; below `min_shown` the listing shows 0 (it never raises a quantity); it never shows more than
    `max_shown`.
    """

    safety_buffer: int = 0
    percent_cap: int | None = None
    min_shown: int | None = None
    max_shown: int | None = None


def stock_rule_problems(rule: StockRule, prefix: str = "stock_rule.") -> list[FieldProblem]:
    problems = number_problems(f"{prefix}safety_buffer", rule.safety_buffer, low=0, high=SHOWN_MAX)
    if rule.percent_cap is not None:
        problems += number_problems(f"{prefix}percent_cap", rule.percent_cap, low=0, high=100)
    for name in ("min_shown", "max_shown"):
        value = getattr(rule, name)
        if value is not None:
            problems += number_problems(f"{prefix}{name}", value, low=0, high=SHOWN_MAX)
    if (
        not problems
        and rule.min_shown is not None
        and rule.max_shown is not None
        and rule.min_shown > rule.max_shown
    ):
        problems.append(
            FieldProblem(
                f"{prefix}min_shown", "min_above_max", "min_shown must not exceed max_shown."
            )
        )
    return problems


def quantity_per_problems(quantity_per: int) -> list[FieldProblem]:
    """A 2-pack listing maps to 2 units of the SKU."""
    return number_problems("quantity_per", quantity_per, low=1, high=QUANTITY_PER_MAX)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListingIdentity:
    """How the channel names the product: which fields each channel needs is in `checked_identity`."""

    channel_sku: str | None = None  # Amazon seller SKU, Walmart SKU, Shopify variant SKU
    external_product_id: str | None = None  # Shopify variant id, Walmart item id
    external_inventory_id: str | None = None  # Shopify inventory item id
    asin: str | None = None
    fnsku: str | None = None
    fulfillment_channel: FulfillmentChannel | None = None  # Amazon only


_ONLY_FOR = {
    "external_inventory_id": {ChannelKind.SHOPIFY},
    "external_product_id": {ChannelKind.SHOPIFY, ChannelKind.WALMART},
    "asin": {ChannelKind.AMAZON},
    "fnsku": {ChannelKind.AMAZON},
    "fulfillment_channel": {ChannelKind.AMAZON},
}


def _tidy(identity: ListingIdentity) -> ListingIdentity:
    def clean(text: str | None) -> str | None:
        return text.strip() or None if text is not None else None

    return replace(
        identity,
        channel_sku=clean(identity.channel_sku),
        external_product_id=clean(identity.external_product_id),
        external_inventory_id=clean(identity.external_inventory_id),
        asin=clean(identity.asin),
        fnsku=clean(identity.fnsku),
    )


def checked_identity(
    kind: ChannelKind, identity: ListingIdentity
) -> tuple[ListingIdentity, list[FieldProblem]]:
    """The identity tidied for its channel, and what is missing or wrong.

    Shopify needs the variant id and inventory item id (stored as GraphQL gids; the SKU defaults to
    `variant-<id>` for variants without one); Amazon needs the seller SKU, and an FNSKU when Amazon
    fulfills (AFN); Walmart and manual channels need the SKU.
    """
    identity = _tidy(identity)
    problems = [
        FieldProblem(name, "not_allowed", f"{name} is not used by {kind} listings; leave it out.")
        for name, kinds in _ONLY_FOR.items()
        if getattr(identity, name) is not None and kind not in kinds
    ]
    if problems:
        return identity, problems
    if kind is ChannelKind.SHOPIFY:
        identity, problems = _shopify(identity)
    elif kind is ChannelKind.AMAZON:
        identity, problems = _amazon(identity)
    if identity.channel_sku is None:
        problems.append(FieldProblem("channel_sku", "required", f"A {kind} listing needs its SKU."))
    else:
        problems += _channel_sku_problems(identity.channel_sku)
    problems += text_problems(
        "external_product_id", identity.external_product_id, max_length=100, required=False
    )
    return identity, problems


def _channel_sku_problems(sku: str) -> list[FieldProblem]:
    if len(sku) > CHANNEL_SKU_MAX_LENGTH or not _PRINTABLE.fullmatch(sku):
        return [
            FieldProblem(
                "channel_sku",
                "invalid_channel_sku",
                f"Use 1 to {CHANNEL_SKU_MAX_LENGTH} printable characters, as the channel shows it.",
            )
        ]
    return []


def _shopify_gid(
    field: str, text: str | None, resource: str
) -> tuple[str | None, list[FieldProblem]]:
    matched = _SHOPIFY_GID.fullmatch(text or "")
    if matched and matched.group(1) in (None, resource):
        return f"gid://shopify/{resource}/{matched.group(2)}", []
    return text, [
        FieldProblem(
            field,
            "required" if text is None else "invalid_shopify_id",
            f"Give the {resource} id: digits, or gid://shopify/{resource}/<digits>.",
        )
    ]


def _shopify(identity: ListingIdentity) -> tuple[ListingIdentity, list[FieldProblem]]:
    variant, problems = _shopify_gid(
        "external_product_id", identity.external_product_id, "ProductVariant"
    )
    item, item_problems = _shopify_gid(
        "external_inventory_id", identity.external_inventory_id, "InventoryItem"
    )
    sku = identity.channel_sku
    if sku is None and not problems and variant is not None:
        sku = "variant-" + variant.rsplit("/", 1)[1]
    tidy = replace(
        identity, external_product_id=variant, external_inventory_id=item, channel_sku=sku
    )
    return tidy, problems + item_problems


def _amazon(identity: ListingIdentity) -> tuple[ListingIdentity, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    channel = identity.fulfillment_channel or FulfillmentChannel.MFN
    asin, fnsku = identity.asin, identity.fnsku
    try:
        asin = validate_asin(asin) if asin is not None else None
    except DomainError as error:
        problems.append(FieldProblem("asin", error.code, error.message))
    try:
        fnsku = validate_fnsku(fnsku) if fnsku is not None else None
    except DomainError as error:
        problems.append(FieldProblem("fnsku", error.code, error.message))
    if channel is FulfillmentChannel.AFN and identity.fnsku is None:
        problems.append(
            FieldProblem("fnsku", "required", "An Amazon-fulfilled (AFN) listing needs its FNSKU.")
        )
    return replace(identity, asin=asin, fnsku=fnsku, fulfillment_channel=channel), problems


SETTINGS_MAX_KEYS = 50
_SETTING_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SECRET_WORDS = (
    "secret",
    "token",
    "password",
    "passwd",
    "api_key",
    "apikey",
    "private",
    "credential",
)


def settings_problems(settings: Mapping[str, object]) -> list[FieldProblem]:
    """Settings are stored in clear, so they hold plain options only; secrets go in credentials."""
    if len(settings) > SETTINGS_MAX_KEYS:
        return [FieldProblem("settings", "too_many", f"Use at most {SETTINGS_MAX_KEYS} settings.")]
    problems = []
    for key, value in settings.items():
        field = f"settings.{key[:64]}"
        if not _SETTING_KEY.fullmatch(key):
            problems.append(
                FieldProblem(field, "invalid_key", "Use snake_case names (a-z, 0-9, _).")
            )
        elif any(word in key for word in _SECRET_WORDS):
            problems.append(
                FieldProblem(
                    field,
                    "secret_in_settings",
                    "Settings are stored unencrypted; set secrets with PUT …/credentials instead.",
                )
            )
        elif not _plain(value):
            problems.append(
                FieldProblem(
                    field,
                    "invalid_value",
                    "Use text (≤ 500 chars), a number, true/false, "
                    "null or a list of up to 50 texts.",
                )
            )
    return problems


def _plain(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if value is None or isinstance(value, bool | int):
        return True
    if isinstance(value, str):
        return len(value) <= 500
    if isinstance(value, list):
        return len(value) <= 50 and all(isinstance(v, str) and len(v) <= 500 for v in value)
    return False
