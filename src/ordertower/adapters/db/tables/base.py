"""The one MetaData every table hangs on, with naming conventions Alembic can rely on."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Identity, MetaData, func

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def id_column() -> Column[int]:
    """Surrogate key: a bigint identity, globally unique even when sharded by merchant."""
    return Column("id", BigInteger, Identity(), primary_key=True)


def merchant_column() -> Column[int]:
    """The tenant key (the future Citus distribution column); part of every tenant table's key."""
    return Column(
        "merchant_id",
        BigInteger,
        ForeignKey("merchants.id", ondelete="RESTRICT"),
        primary_key=True,
        nullable=False,
    )


def created_at_column() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def updated_at_column() -> Column[object]:
    return Column(
        "updated_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
        onupdate=func.now(),
    )
