import uuid

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from ordertower.adapters.db import migrate
from ordertower.adapters.db.embedded import create_database_if_missing
from ordertower.adapters.db.migrations.env_filters import ours
from ordertower.adapters.db.tables import metadata


def test_migrating_an_empty_database_reaches_the_newest_revision(pg) -> None:
    empty = "empty_" + uuid.uuid4().hex[:8]
    create_database_if_missing(pg.admin_dsn, empty)
    engine = create_engine(pg.url(empty))
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= tables
        assert "procrastinate_jobs" in tables
    finally:
        engine.dispose()
        pg.drop(empty)


def test_the_migrations_build_exactly_the_schema_the_code_declares(database_url) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": ours}
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_derived_data_is_filled_for_what_was_stored_before_its_migration(pg) -> None:
    """0015 flattens the bundles already stored; 0016 marks the listings already naming locations;
    0017 deletes stored results of listings re-pointed or switched off since."""
    name = "before_" + uuid.uuid4().hex[:8]
    create_database_if_missing(pg.admin_dsn, name)
    engine = create_engine(pg.url(name))
    try:
        migrate.upgrade(engine, "0014")
        with engine.begin() as c:
            m = c.execute(text("INSERT INTO merchants (code, name) VALUES ('M', 'M') RETURNING id"))
            merchant = m.scalar_one()
            item, other, inner, outer = (
                c.execute(
                    text(
                        "INSERT INTO products (merchant_id, sku, title, kind)"
                        " VALUES (:m, :sku, :sku, :kind) RETURNING id"
                    ),
                    {"m": merchant, "sku": sku, "kind": kind},
                ).scalar_one()
                for sku, kind in (("A", "item"), ("B", "item"), ("K1", "bundle"), ("K2", "bundle"))
            )
            c.execute(
                text(
                    "INSERT INTO bundle_components VALUES"
                    " (:m, :inner, :a, 2), (:m, :inner, :b, 1), (:m, :outer, :inner, 3),"
                    " (:m, :outer, :a, 1)"
                ),
                {"m": merchant, "a": item, "b": other, "inner": inner, "outer": outer},
            )
            location = c.execute(
                text(
                    "INSERT INTO locations (code, name, kind) VALUES ('W', 'W', 'warehouse')"
                    " RETURNING id"
                )
            ).scalar_one()
            account = c.execute(
                text(
                    "INSERT INTO channel_accounts (merchant_id, kind, name)"
                    " VALUES (:m, 'shopify', 'S') RETURNING id"
                ),
                {"m": merchant},
            ).scalar_one()
            naming, plain = (
                c.execute(
                    text(
                        "INSERT INTO listings (merchant_id, channel_account_id, channel_sku,"
                        " product_id) VALUES (:m, :account, :sku, :a) RETURNING id"
                    ),
                    {"m": merchant, "account": account, "sku": sku, "a": item},
                ).scalar_one()
                for sku in ("X", "Y")
            )
            c.execute(
                text("INSERT INTO listing_locations VALUES (:m, :listing, :location)"),
                {"m": merchant, "listing": naming, "location": location},
            )
            moved, off = (
                c.execute(
                    text(
                        "INSERT INTO listings (merchant_id, channel_account_id, channel_sku,"
                        " product_id, status) VALUES (:m, :account, :sku, :p, :status)"
                        " RETURNING id"
                    ),
                    {"m": merchant, "account": account, "sku": sku, "p": p, "status": status},
                ).scalar_one()
                for sku, p, status in (("Z", other, "active"), ("W", item, "inactive"))
            )
            c.execute(
                text(
                    "INSERT INTO listing_availability (merchant_id, listing_id, product_id,"
                    " quantity, ledger_position) VALUES (:m, :plain, :a, 5, 1),"
                    " (:m, :moved, :a, 6, 1), (:m, :off, :a, 7, 1)"
                ),
                {"m": merchant, "plain": plain, "moved": moved, "off": off, "a": item},
            )
        migrate.upgrade(engine)
        with engine.connect() as c:
            parts = c.execute(
                text("SELECT bundle_id, part_id, quantity FROM bundle_stocked_parts")
            ).all()
            flags = dict(c.execute(text("SELECT id, names_locations FROM listings")).all())
            stored = c.execute(
                text("SELECT product_id, listing_id, quantity FROM listing_availability")
            ).all()
        assert sorted(parts) == sorted(
            [(inner, item, 2), (inner, other, 1), (outer, item, 7), (outer, other, 3)]
        )
        assert flags == {naming: True, plain: False, moved: False, off: False}
        assert stored == [(item, plain, 5)]
    finally:
        engine.dispose()
        pg.drop(name)
