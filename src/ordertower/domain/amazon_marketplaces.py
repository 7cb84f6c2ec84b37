"""Amazon marketplaces: their ids, countries and the SP-API region that serves each.

Source: /work/shared/reference/channel-apis.md §2.1 (regional endpoints; US, CA, MX, UK, DE ids), the
SP-API models in /work/shared/reference/amazon-sp-api (BR, TR, JP in orders_2026-01-01.json, IN in
fulfillmentInbound_2024-03-20.json) and Amazon's table at
https://developer-docs.amazon.com/sp-api/docs/marketplace-ids for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AmazonRegion(StrEnum):
    NA = "NA"  # sellingpartnerapi-na.amazon.com: US, CA, MX, BR
    EU = "EU"  # sellingpartnerapi-eu.amazon.com: Europe, Middle East, India, South Africa
    FE = "FE"  # sellingpartnerapi-fe.amazon.com: Japan, Australia, Singapore


@dataclass(frozen=True, slots=True)
class Marketplace:
    id: str
    country: str  # ISO 3166-1 alpha-2 (Amazon writes UK; the ISO code is GB)
    region: AmazonRegion


def _table(region: AmazonRegion, pairs: str) -> dict[str, Marketplace]:
    found = {}
    for pair in pairs.split():
        country, marketplace_id = pair.split(":")
        found[marketplace_id] = Marketplace(marketplace_id, country, region)
    return found


MARKETPLACES: dict[str, Marketplace] = {
    **_table(
        AmazonRegion.NA,
        "US:ATVPDKIKX0DER CA:A2EUQ1WTGCTBG2 MX:A1AM78C64UM0Y8 BR:A2Q3Y263D00KWC",
    ),
    **_table(
        AmazonRegion.EU,
        "GB:A1F83G8C2ARO7P DE:A1PA6795UKMFR9 FR:A13V1IB3VIYZZH IT:APJ6JRA9NG5V4 "
        "ES:A1RKKUPIHCS9HS NL:A1805IZSGTT6HS SE:A2NODRKZP88ZB9 PL:A1C3SOZRARQ6R3 "
        "BE:AMEN7PMS3EDWL IE:A28R8C7NBKEWEA TR:A33AVAJ2PDY3EV AE:A2VIGQ35RCS4UG "
        "SA:A17E79C6D8DWNP EG:ARBP9OOSHTCHU IN:A21TJRUUN4KGV ZA:AE08WJ6YKNBMC",
    ),
    **_table(AmazonRegion.FE, "JP:A1VC38T7YXB528 AU:A39IBJ37TRP1C6 SG:A19VAU5U5O7RUS"),
}


def marketplace(marketplace_id: str) -> Marketplace | None:
    """The marketplace with this id (any case), or None when Amazon has no such marketplace."""
    return MARKETPLACES.get(marketplace_id.strip().upper())


def marketplace_hint() -> str:
    """A short example list for error messages."""
    return "e.g. ATVPDKIKX0DER (US), A1F83G8C2ARO7P (UK), A1VC38T7YXB528 (JP)"
