"""The exception queue every area raises into (receiving, counts, later the order pipeline).

An item names a reason code (see domain/exception_queue.py for what each means), the subject it is
about (kind + id, e.g. receipt 12), a message people read and details for screens. `raise_key`, when
set, makes raising idempotent: the same key for the same merchant is one item.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from .base import created_at_column, id_column, merchant_column, metadata

exception_items = Table(
    "exception_items",
    metadata,
    merchant_column(),
    id_column(),
    Column("reason_code", String(40), nullable=False),
    Column("subject_kind", String(24), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("raise_key", String(200), nullable=True),
    Column("owner_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("notes", Text, nullable=True),  # how it was resolved
    created_at_column(),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("resolved_by_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    UniqueConstraint("merchant_id", "raise_key"),
    CheckConstraint("status IN ('open','resolved')", name="status_known"),
    CheckConstraint("(status = 'resolved') = (resolved_at IS NOT NULL)", name="resolved_when_done"),
    Index("ix_exception_items_queue", "merchant_id", "status", "reason_code", "id"),
    Index("ix_exception_items_subject", "merchant_id", "subject_kind", "subject_id"),
)
