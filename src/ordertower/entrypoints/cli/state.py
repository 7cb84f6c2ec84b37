"""Settings chosen on the command line, shared by every command of one invocation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from ordertower import bootstrap
from ordertower.settings import Settings

console = Console()
_overrides: dict[str, object] = {}


def set_data_dir(path: Path | None) -> None:
    if path is not None:
        _overrides["data_dir"] = path.expanduser().resolve()


def settings(overrides: Mapping[str, object] | None = None) -> Settings:
    return Settings(**{**_overrides, **(overrides or {})})  # type: ignore[arg-type]


@contextmanager
def runtime(
    *, upgrade: bool = True, overrides: Mapping[str, object] | None = None
) -> Iterator[bootstrap.Runtime]:
    """Start (and migrate) the database for one command, and stop it after."""
    chosen = settings(overrides)
    with console.status("Starting the database…" if chosen.embedded else "Connecting…"):
        rt = bootstrap.start(chosen, upgrade=upgrade)
    try:
        yield rt
    finally:
        rt.close()
