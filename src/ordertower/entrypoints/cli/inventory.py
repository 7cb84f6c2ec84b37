"""`ordertower inventory …`: prove the ledger."""

from __future__ import annotations

import typer
from rich.table import Table

from ordertower.services.inventory.verification import verify_inventory

from . import state

app = typer.Typer(help="Inventory.", no_args_is_help=True)


@app.command()
def verify() -> None:
    """Recompute every balance from the ledger; exit 1 and list the rows that drifted."""
    with state.runtime() as rt:
        drifts = verify_inventory(rt.uow())
    if not drifts:
        state.console.print("Inventory verified: every balance equals its ledger.")
        return
    table = Table("check", "merchant", "SKU", "where", "stored", "expected", title="Drift")
    for d in drifts:
        table.add_row(d.check, str(d.merchant_id), d.sku, d.where, str(d.stored), str(d.expected))
    state.console.print(table)
    raise typer.Exit(1)
