"""`python -m ordertower.entrypoints.cli`: the same as the `ordertower` command."""

from .main import main

main()
