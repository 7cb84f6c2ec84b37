"""`ordertower db …`: schema migrations."""

from __future__ import annotations

import typer

from ordertower.adapters.db import migrate

from . import state

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Migrate the database to the newest schema."""
    with state.runtime(upgrade=True) as rt:
        state.console.print(f"Schema at revision {migrate.current_revision(rt.engine)}.")


@app.command()
def current() -> None:
    """Show the schema revision of the database and the newest one this version knows."""
    with state.runtime(upgrade=False) as rt:
        state.console.print(
            f"database: {migrate.current_revision(rt.engine)}  newest: {migrate.head_revision()}"
        )
