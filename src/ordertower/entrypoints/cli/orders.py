"""`ordertower orders …`: operators' commands for the order intake."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.table import Table

from ordertower.services.orders.payload_retry import LIMIT, retry_pending_payloads

from . import state

app = typer.Typer(help="Orders.", no_args_is_help=True)


@app.command("retry-pending")
def retry_pending(
    older_than: Annotated[
        int,
        typer.Option(
            min=0, help="Seconds a payload has waited (the job waits 60: younger may be in flight)."
        ),
    ] = 60,
    limit: Annotated[int, typer.Option(min=1, help="Payloads to process at most.")] = LIMIT,
) -> None:
    """Process stored payloads whose processing failed (still pending), oldest first; exit 1 when
    some fail again (listed by payload id)."""
    with state.runtime() as rt:
        report = retry_pending_payloads(
            rt.uow, pending_for=dt.timedelta(seconds=older_than), limit=limit
        )
    if not report.processed and not report.failed:
        state.console.print("No pending payloads to retry.")
        return
    table = Table("outcome", "payloads", title="Pending payloads processed")
    for outcome, count in sorted(report.outcomes.items()):
        table.add_row(outcome, str(count))
    state.console.print(table)
    if report.failed:
        for payload_id, error in sorted(report.failed.items()):
            state.console.print(f"[red]payload {payload_id} failed again ({error})[/]")
        raise typer.Exit(1)
