"""SQL for reading listings' stored available to sell, for one listing or for every listing of a SKU."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Connection, Row, and_, literal, select

from ordertower.services.inventory.query_ports import ListingAts

from ..tables.catalog import bundle_components, products
from ..tables.channels import channel_accounts, listings
from ..tables.inventory import listing_availability

_l = listings.c
_a = listing_availability.c


def listing_ats(connection: Connection, merchant_id: int, listing_id: int) -> ListingAts | None:
    row = connection.execute(_query(merchant_id, _l.id == listing_id)).first()
    return None if row is None else _ats(row)


def listings_drawing_on(
    connection: Connection, merchant_id: int, product_id: int
) -> list[ListingAts]:
    """Listings of the product and of every bundle that contains it, however deeply."""
    bc = bundle_components.c
    containing = select(literal(product_id, BigInteger).label("id")).cte(
        "containing", recursive=True
    )
    containing = containing.union(
        select(bc.bundle_id).where(
            bc.merchant_id == merchant_id, bc.component_id == containing.c.id
        )
    )
    query = _query(merchant_id, _l.product_id.in_(select(containing.c.id)))
    return [_ats(r) for r in connection.execute(query.order_by(_l.id)).all()]


def _query(merchant_id: int, condition: ColumnElement[bool]) -> Any:
    return (
        select(
            _l.id,
            _l.product_id,
            products.c.sku,
            channel_accounts.c.kind.label("channel_kind"),
            channel_accounts.c.name.label("channel_account_name"),
            _l.channel_sku,
            _l.status,
            _l.fulfillment_channel,
            _l.quantity_per,
            _a.quantity,
            _a.ledger_position,
            _a.computed_at,
        )
        .select_from(
            listings.join(
                products,
                and_(products.c.merchant_id == _l.merchant_id, products.c.id == _l.product_id),
            )
            .join(
                channel_accounts,
                and_(
                    channel_accounts.c.merchant_id == _l.merchant_id,
                    channel_accounts.c.id == _l.channel_account_id,
                ),
            )
            .outerjoin(
                listing_availability,
                and_(
                    _a.merchant_id == _l.merchant_id,
                    _a.product_id == _l.product_id,
                    _a.listing_id == _l.id,
                ),
            )
        )
        .where(_l.merchant_id == merchant_id, condition)
    )


def _ats(r: Row[Any]) -> ListingAts:
    return ListingAts(
        listing_id=r.id,
        product_id=r.product_id,
        sku=r.sku,
        channel_kind=r.channel_kind,
        channel_account_name=r.channel_account_name,
        channel_sku=r.channel_sku,
        listing_status=r.status,
        fulfillment_channel=r.fulfillment_channel,
        quantity_per=r.quantity_per,
        stored_quantity=r.quantity,
        explanation=(),  # written out by the service, over today's stock
        ledger_position=r.ledger_position,
        computed_at=r.computed_at,
    )
