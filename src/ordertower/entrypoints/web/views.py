"""Web UI routes (server-rendered Jinja2 + htmx)."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount the web UI on the app."""
