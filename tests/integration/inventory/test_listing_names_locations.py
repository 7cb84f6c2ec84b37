"""A listing's `names_locations` says whether it has rows in listing_locations, whatever statement
changed them (triggers of migration 0016): available to sell reads it from the listing row."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from ordertower.adapters.db.tables.channels import channel_accounts, listing_locations, listings


def _listings(c: Connection, s, count: int) -> list[int]:
    account = c.execute(
        insert(channel_accounts)
        .values(merchant_id=s.merchant_id, kind="walmart", name="Walmart")
        .returning(channel_accounts.c.id)
    ).scalar_one()
    return [
        c.execute(
            insert(listings)
            .values(
                merchant_id=s.merchant_id,
                channel_account_id=account,
                channel_sku=f"W-{n}",
                product_id=s.products["SKU-A"],
            )
            .returning(listings.c.id)
        ).scalar_one()
        for n in range(count)
    ]


def _flags(c: Connection, ids: list[int]) -> list[bool]:
    rows = dict(c.execute(select(listings.c.id, listings.c.names_locations)).all())
    return [rows[i] for i in ids]


def test_the_flag_follows_the_listings_locations(runtime, stockroom) -> None:
    s = stockroom
    ll = listing_locations.c
    with runtime.engine.begin() as c:
        first, second = ids = _listings(c, s, 2)
        assert _flags(c, ids) == [False, False]
        c.execute(
            insert(listing_locations),
            [
                {"merchant_id": s.merchant_id, "listing_id": first, "location_id": location}
                for location in (s.warehouse_id, s.other_warehouse_id)
            ],
        )
        assert _flags(c, ids) == [True, False]
        c.execute(delete(listing_locations).where(ll.location_id == s.warehouse_id))
        assert _flags(c, ids) == [True, False]  # one location left
        c.execute(update(listing_locations).where(ll.listing_id == first).values(listing_id=second))
        assert _flags(c, ids) == [False, True]
        c.execute(delete(listing_locations))
        assert _flags(c, ids) == [False, False]
