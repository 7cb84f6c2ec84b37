"""The `ordertower` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import db, inventory, orders, sample, serve, state, users

app = typer.Typer(
    help="OrderTower: multi-channel order management with one inventory truth.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _options(
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Where the embedded database and keys live (default: user data dir)."),
    ] = None,
) -> None:
    state.set_data_dir(data_dir)


app.command()(sample.demo)
app.command("seed-sample")(sample.seed_sample)
app.command()(serve.serve)
app.command()(serve.worker)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(inventory.app, name="inventory")
app.add_typer(orders.app, name="orders")


def main() -> None:
    app()
