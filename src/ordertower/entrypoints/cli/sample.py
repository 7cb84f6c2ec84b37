"""`ordertower seed-sample` and `ordertower demo`: a working system for a newcomer, not an empty shell."""

from __future__ import annotations

from typing import Annotated

import typer

from ordertower.adapters.credential_vault import FernetVault
from ordertower.adapters.secrets import key_from_file, new_secret_key
from ordertower.bootstrap import Runtime
from ordertower.services import sample_data

from . import serve, state


def seed_sample() -> None:
    """Create the sample merchant (catalog, warehouse, channels, listings, stock) if it is missing."""
    with state.runtime() as rt:
        _seed(rt)


def demo(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Seed the sample merchant (once) and serve OrderTower with a worker."""
    with state.runtime() as rt:
        _seed(rt)
    serve.serve(host=host, port=port, worker=True)


def _seed(rt: Runtime) -> None:
    login_file = rt.settings.data_dir / "sample-login.txt"
    with state.console.status("Seeding the sample merchant…"):
        password = key_from_file(login_file, new_secret_key()[:16])
        with rt.atomic() as uow:  # all of the sample, or none of it
            login = sample_data.seed_sample(
                uow, rt.hasher, FernetVault(rt.cipher), password=password
            )
    done = "Seeded" if login.created else "Already seeded:"
    state.console.print(f"{done} the sample merchant [bold]Sample Outfitters[/].")
    state.console.print(
        f"Open [bold]{rt.settings.base_url}[/] and sign in as [bold]{login.email}[/] "
        f"with password [bold]{password}[/] (kept in {login_file})."
    )
