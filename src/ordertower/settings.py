"""All configuration in one validated place; nothing else in OrderTower reads the environment."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return platformdirs.user_data_path("ordertower")


class Settings(BaseSettings):
    """Read from `ORDERTOWER_*` environment variables (see docs/configuration.md)."""

    model_config = SettingsConfigDict(env_prefix="ORDERTOWER_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL ≥ 14 URL. Unset: an embedded PostgreSQL is started in data_dir.",
    )
    data_dir: Path = Field(default_factory=_default_data_dir)
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs sessions and CSRF tokens. Unset: generated once into data_dir/secret.key.",
    )
    credentials_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated Fernet keys for channel credentials; the first encrypts. "
        "Unset: generated once into data_dir/credentials.key.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    public_url: str | None = Field(default=None, description="Base URL printed and used in links.")
    log_json: bool = Field(default=False, description="JSON logs (production) instead of console.")
    log_level: str = "INFO"
    db_pool_size: int = Field(default=10, ge=1)
    worker_concurrency: int = Field(default=4, ge=1)
    login_max_failures: int = Field(default=5, ge=1, description="Failures per window before 429.")
    login_window_seconds: int = Field(default=900, ge=1)
    session_ttl_hours: int = Field(default=12, ge=1)
    secure_cookies: bool = Field(default=False, description="Set for HTTPS deployments.")

    @property
    def embedded(self) -> bool:
        return self.database_url is None

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"
