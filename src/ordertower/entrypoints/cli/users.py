"""`ordertower users …`: bootstrap and manage people."""

from __future__ import annotations

from typing import Annotated

import typer

from ordertower.domain.errors import DomainError
from ordertower.domain.tenancy import Role
from ordertower.services.tenancy import access

from . import state

app = typer.Typer(help="Users.", no_args_is_help=True)


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True, help="Sign-in email.")],
    name: Annotated[str, typer.Option(prompt=True, help="Display name.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="Password.")
    ],
) -> None:
    """Create an admin user (the first user of a new installation)."""
    with state.runtime() as rt:
        try:
            user = access.create_user(
                rt.uow(),
                rt.hasher,
                principal=None,
                email=email,
                name=name,
                role=Role.ADMIN,
                password=password,
            )
        except DomainError as error:
            state.console.print(f"[red]{error.message}[/]")
            raise typer.Exit(1) from error
    state.console.print(f"Admin {user.email} created.")
