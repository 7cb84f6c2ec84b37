"""Tables for the operator's merchants, its users, their access, credentials and the audit trail.

`merchants`, `users` and friends are operator-wide (Citus reference tables later); everything a merchant
owns lives in tenant tables keyed by (merchant_id, id).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from .base import created_at_column, id_column, metadata

merchants = Table(
    "merchants",
    metadata,
    id_column(),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at_column(),
)

users = Table(
    "users",
    metadata,
    id_column(),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at_column(),
    CheckConstraint("role IN ('admin','manager','operator','client')", name="role_known"),
    CheckConstraint("email = lower(email)", name="email_lowercase"),
)

user_merchants = Table(
    "user_merchants",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "merchant_id", BigInteger, ForeignKey("merchants.id", ondelete="CASCADE"), primary_key=True
    ),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    created_at_column(),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("merchant_id", BigInteger, ForeignKey("merchants.id"), nullable=True),
    created_at_column(),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    id_column(),
    Column("email", String(254), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Index("ix_login_attempts_email_at", "email", "at"),
    Index("ix_login_attempts_ip_at", "ip", "at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    id_column(),
    Column("merchant_id", BigInteger, ForeignKey("merchants.id"), nullable=True),
    Column("actor_user_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target_kind", String(64), nullable=False),
    Column("target_id", String(64), nullable=True),
    Column("reason", Text, nullable=True),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Index("ix_audit_log_merchant_at", "merchant_id", "at"),
)
