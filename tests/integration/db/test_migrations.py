import uuid

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

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
