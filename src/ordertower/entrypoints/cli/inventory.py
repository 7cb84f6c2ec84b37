"""`ordertower inventory …`: prove the ledger, recompute available to sell."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ordertower.domain.errors import NotFound
from ordertower.services.inventory.availability import (
    RecomputeProgress,
    merchants_to_recompute,
    recompute_all_availability,
)
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


@app.command()
def recompute(
    merchant: Annotated[
        str | None, typer.Option(help="Merchant code; every merchant when left out.")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(min=1, max=16, help="Database connections recomputing ranges at once."),
    ] = 2,
) -> None:
    """Recompute available to sell for every listing from stock (the nightly reconciliation)."""
    with state.runtime() as rt:
        try:
            chosen = merchants_to_recompute(rt.uow(), code=merchant)
        except NotFound as error:
            state.console.print(f"[red]{error.message}[/]")
            raise typer.Exit(2) from error
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("listings, {task.fields[changed]} changed"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=state.console) as progress:
            for each in chosen:
                task = progress.add_task(each.code, total=None, changed=0)

                def show(p: RecomputeProgress, task: TaskID = task) -> None:
                    progress.update(task, total=p.total, completed=p.computed, changed=p.changed)

                done = recompute_all_availability(
                    rt.uow(),
                    merchant_id=each.id,
                    on_progress=show,
                    helpers=[rt.uow() for _ in range(workers - 1)],
                )
                progress.update(task, total=done, completed=done)
