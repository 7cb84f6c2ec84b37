"""The runtime a worker process's tasks use (bound once when the worker app is built)."""

from __future__ import annotations

from ordertower.bootstrap import Runtime

_runtime: Runtime | None = None


def bind(runtime: Runtime) -> None:
    global _runtime
    _runtime = runtime


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("the worker runtime is not bound; build the worker app first")
    return _runtime
